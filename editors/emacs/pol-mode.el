;;; pol-mode.el --- Major mode for polrun policy files (.pol)  -*- lexical-binding: t; -*-

;; Version: 0.1.0
;; Keywords: languages
;; Package-Requires: ((emacs "25.1"))

;; This file is part of polrun.

;;; Commentary:

;; A major mode for the .pol files of polrun, the interpreter of government
;; support measures written as code:
;;
;; - font-lock for keywords, types, money (500000 元, 50 万元, 1.5 亿元,
;;   ¥500,000.00, 500000 yuan), percentages, dates, durations, article
;;   citations (article "八"), text and comments; punctuation typed in full
;;   width (，：（）) and Chinese quotation marks outside text and comments
;;   are shown as errors, as `polrun check' reports them;
;; - `#' comments (M-; and friends);
;; - indentation in polrun's layout (TAB, `indent-region');
;; - C-c C-c (`pol-check') runs `polrun check --error-format=gnu' on the
;;   file in a compilation buffer: `next-error' (M-g n) visits each error.
;;
;; Install: put this file in a folder of `load-path' and add
;;   (require 'pol-mode)
;; to your init file; .pol files then open in pol-mode.

;;; Code:

(require 'compile)
(require 'subr-x)

(defgroup pol nil
  "Editing polrun policy files."
  :group 'languages
  :prefix "pol-")

(defcustom pol-indent-offset 2
  "Number of columns for one step of indentation in pol-mode."
  :type 'integer
  :safe #'integerp)

(defcustom pol-polrun-program "polrun"
  "The polrun program used by `pol-check'."
  :type 'string)

(defface pol-article-face
  '((t :inherit font-lock-preprocessor-face))
  "Face for the article a measure cites (article \"八\").")

(defface pol-invalid-face
  '((t :inherit error))
  "Face for punctuation polrun rejects outside text and comments.")

(defconst pol--name
  "\\(?:[A-Za-z_]\\|[^\0-\177]\\)\\(?:[A-Za-z0-9_]\\|[^\0-\177]\\)*"
  "A name: a letter, `_' or any non-ASCII character, then also digits.")

(defconst pol--number "\\(?:[0-9]\\{1,3\\}\\(?:,[0-9]\\{3\\}\\)+\\|[0-9]+\\)\\(?:\\.[0-9]+\\)?"
  "The digits of money and percentages (commas may group thousands).")

(defconst pol--top-keywords
  '("policy" "module" "import" "enum" "record" "facts" "parameter" "define" "measure" "scale"
    "政策" "模块" "引用" "枚举" "记录" "事实" "参数" "定义" "措施" "税率表")
  "Keywords that start a declaration at the left margin, in both sets.")

(defconst pol--clause-keywords
  '("title" "source" "in" "identified" "as" "applies" "article" "responsible"
    "when" "amount" "rule" "exception" "default"
    "标题" "依据" "识别" "适用" "条款" "责任单位" "当" "数额" "规则" "例外" "默认")
  "Keywords that start a clause of a declaration, one step in, in both sets.
`in' and `as' start one only as `in force' and `as of' (在 施行, 按 的).")

(defconst pol--keywords
  '("title" "source" "in" "force" "from" "for" "through" "applies" "identified"
    "by" "as" "article" "responsible" "amount" "fixed" "capped" "per" "at" "to"
    "default" "rule" "exception" "evaluation")
  "Other keywords of the .pol language.")

;; BEGIN Chinese keywords, generated from src/keywords.def by tools/editor-keywords.py
(defconst pol--zh-font-lock-keywords
  `(;; The Chinese set: reserved words everywhere, contextual words next to
    ;; a reserved word or in their place, types, units after a number.
    (,(concat "\\_<\\(\\(?:税率表\\|定义\\|措施\\)\\)\\_>[ \t]+\\(" pol--name "\\)") (1 font-lock-keyword-face) (2 font-lock-function-name-face))
    (,(concat "\\_<\\(\\(?:参数\\)\\)\\_>[ \t]+\\(" pol--name "\\)") (1 font-lock-keyword-face) (2 font-lock-variable-name-face))
    (,(concat "\\_<\\(\\(?:枚举\\|记录\\)\\)\\_>[ \t]+\\(" pol--name "\\)") (1 font-lock-keyword-face) (2 font-lock-type-face))
    (,(concat "\\_<\\(\\(?:例外\\|规则\\)\\)\\_>[ \t]+\\(" pol--name "\\)") (1 font-lock-keyword-face) (2 font-lock-constant-face))
    ("\\_<\\(条款\\)\\_>[ \t]+\\(\"\\(?:[^\"\\\n]\\|\\\\.\\)*\"\\)" (1 font-lock-keyword-face) (2 'pol-article-face t))
    ("\\_<\\(?:责任单位\\|税率表\\|事实\\|任一\\|例外\\|依据\\|列表\\|参数\\|取整\\|可选\\|合计\\|否则\\|四舍\\|处于\\|如果\\|定义\\|定额\\|对于\\|引用\\|必填\\|所有\\|按照\\|排序\\|措施\\|政策\\|数额\\|施行\\|日期\\|条款\\|枚举\\|标题\\|模块\\|此前\\|满足\\|空值\\|缺省\\|规则\\|计数\\|记录\\|评估\\|识别\\|适用\\|限额\\|默认\\|不\\|且\\|依\\|假\\|则\\|到\\|在\\|当\\|或\\|按\\|是\\|的\\|真\\|自\\|至\\|非\\)[ \t]+\\(\\(?:六入五成双\\|非资金支持\\|排除零\\|给予项\\|之一\\|五入\\|取偶\\|向上\\|向下\\|存在\\|少于\\|开始\\|期间\\|每个\\|结束\\|给予\\|缺失\\|规定\\|计算\\|超过\\|元\\|分\\|级\\|项\\)\\)\\_>" 1 font-lock-keyword-face)
    ("\\_<\\(\\(?:六入五成双\\|非资金支持\\|排除零\\|给予项\\|之一\\|五入\\|取偶\\|向上\\|向下\\|存在\\|少于\\|开始\\|期间\\|每个\\|结束\\|给予\\|缺失\\|规定\\|计算\\|超过\\|元\\|分\\|级\\|项\\)\\)[ \t]+\\(?:责任单位\\|税率表\\|事实\\|任一\\|例外\\|依据\\|列表\\|参数\\|取整\\|可选\\|合计\\|否则\\|四舍\\|处于\\|如果\\|定义\\|定额\\|对于\\|引用\\|必填\\|所有\\|按照\\|排序\\|措施\\|政策\\|数额\\|施行\\|日期\\|条款\\|枚举\\|标题\\|模块\\|此前\\|满足\\|空值\\|缺省\\|规则\\|计数\\|记录\\|评估\\|识别\\|适用\\|限额\\|默认\\|不\\|且\\|依\\|假\\|则\\|到\\|在\\|当\\|或\\|按\\|是\\|的\\|真\\|自\\|至\\|非\\)\\_>" 1 font-lock-keyword-face)
    ("^[ \t]*\\(对象\\)[ \t]+[^ \t:\n]+[ \t]*:" 1 font-lock-keyword-face)
    (",[ \t]*\\(速算扣除数\\)\\_>" 1 font-lock-keyword-face)
    ("\\_<\\(核验于\\)[ \t]+[0-9]\\{4\\}-" 1 font-lock-keyword-face)
    ("^[ \t]*\\(以上\\)[ \t]*:" 1 font-lock-keyword-face)
    ("\\_<类别[ \t]+\\(?:减免\\|服务\\|资助\\)\\_>" . font-lock-keyword-face)
    ("\\_<未取整[ \t]+金额\\_>" . font-lock-type-face)
    ("\\_<\\(?:未取整\\|真假值\\|小数\\|整数\\|文本\\|日期\\|期限\\|金额\\)\\_>" . font-lock-type-face)
    ("\\_<\\(?:事实\\|政策\\)\\_>" . font-lock-keyword-face)
    ("\\_<\\(?:引用\\|模块\\)\\_>" . font-lock-keyword-face)
    ("\\_<\\(?:否则\\|如果\\|则\\|当\\)\\_>" . font-lock-keyword-face)
    ("\\_<\\(?:任一\\|合计\\|所有\\|满足\\|计数\\)\\_>" . font-lock-keyword-face)
    ("\\_<\\(?:取整\\|四舍\\|处于\\|缺省\\|且\\|或\\|是\\|的\\|非\\)\\_>" . font-lock-keyword-face)
    ("\\_<\\(?:假\\|真\\)\\_>" . font-lock-constant-face)
    ("\\_<\\(?:空值\\)\\_>" . font-lock-constant-face)
    ("\\_<\\(?:列表\\|可选\\|必填\\)\\_>" . font-lock-keyword-face)
    ("\\_<\\(?:责任单位\\|依据\\|定额\\|对于\\|按照\\|排序\\|数额\\|施行\\|标题\\|此前\\|评估\\|识别\\|适用\\|限额\\|默认\\|不\\|依\\|到\\|在\\|按\\|自\\|至\\)\\_>" . font-lock-keyword-face)
    ("\\(?:^\\|[^[:word:]_.]\\)\\([0-9]+[ \t]*\\(?:个月\\|天\\|年\\)\\)\\_>" 1 font-lock-constant-face)
    ("\\(?:^\\|[^[:word:]_.]\\)\\([0-9]+[ \t]+项\\)\\_>" 1 font-lock-constant-face))
  "Font-lock keywords of pol-mode for a policy written in Chinese keywords.")
;; END Chinese keywords

(defconst pol--font-lock-keywords
  `(;; A name in backticks is a name, whatever the word (`amount`).
    ("`\\(?:[[:alnum:]_-]\\|[^\x00-\x7f]\\)+`" . font-lock-variable-name-face)
    ;; After a dot any word is a member name, never a keyword.
    (,(concat "\\.[ \t]*\\(" pol--name "\\)") 1 font-lock-variable-name-face)
    ;; Article citations.
    ("\\_<\\(article\\)\\_>[ \t]+\\(\"\\(?:[^\"\\\n]\\|\\\\.\\)*\"\\)"
     (1 font-lock-keyword-face) (2 'pol-article-face t))
    ;; Dates of the evaluation and of the policy.
    ("\\_<\\(?:evaluation[ \t]+date\\|earlier[ \t]+grants\\|policy[ \t]+\\(?:start\\|end\\)\\)\\_>" . font-lock-builtin-face)
    ;; A per-item measure's subject: `subject occupation: c.occupation'.
    ("^[ \t]*\\(subject\\)[ \t]+[^ \t:\n]+[ \t]*:" 1 font-lock-keyword-face)
    ;; Declarations and the names they declare.
    (,(concat "\\_<\\(measure\\|define\\|scale\\)\\_>[ \t]+\\(" pol--name "\\)")
     (1 font-lock-keyword-face) (2 font-lock-function-name-face))
    (,(concat "\\_<\\(parameter\\)\\_>[ \t]+\\(" pol--name "\\)")
     (1 font-lock-keyword-face) (2 font-lock-variable-name-face))
    (,(concat "\\_<\\(enum\\|record\\)\\_>[ \t]+\\(" pol--name "\\)")
     (1 font-lock-keyword-face) (2 font-lock-type-face))
    (,(concat "\\_<\\(rule\\|exception\\)\\_>[ \t]+\\(" pol--name "\\)"
              "\\(?:[ \t]+\\(to\\)[ \t]+\\(" pol--name "\\)\\)?")
     (1 font-lock-keyword-face) (2 font-lock-constant-face)
     (3 font-lock-keyword-face nil t) (4 font-lock-constant-face nil t))
    ("\\_<\\(?:policy\\|facts\\|import\\|module\\)\\_>" . font-lock-keyword-face)
    ;; The Chinese set of keywords (src/keywords.def).
    ,@pol--zh-font-lock-keywords
    ;; Keywords of several words whose later words are keywords only there.
    (,(concat "\\_<\\(?:at[ \t]+\\(?:most\\|least\\)\\|if[ \t]+present"
              "\\|amount[ \t]+\\(?:fixed\\|capped\\|computed\\|per[ \t]+regulation\\|in[ \t]+kind\\)"
              "\\|granted[ \t]+at[ \t]+zero\\|kind[ \t]+\\(?:grant\\|relief\\|service\\)"
              "\\|for[ \t]+each\\|ordered[ \t]+by"
              "\\|is[ \t]+\\(?:present\\|absent\\|granted\\|\\(?:not[ \t]+\\)?one[ \t]+of\\)"
              "\\|within[ \t]+period[ \t]+in[ \t]+force"
              "\\|up[ \t]+to\\|above\\|not[ \t]+in[ \t]+force\\|source[ \t]+of"
              "\\|absent[ \t]+otherwise"
              "\\|rounded[ \t]+\\(?:down\\|up\\|half[ \t]+up\\|half[ \t]+even\\)"
              "\\(?:[ \t]+to[ \t]+\\(?:fen\\|yuan\\)\\)?\\)\\_>")
     . font-lock-keyword-face)
    ;; A bracket's quick deduction: `..., deduction 1500 元'.
    (",[ \t]*\\(deduction\\)\\_>" 1 font-lock-keyword-face)
    ;; `verified' before a date (after a value's source)
    ("\\_<\\(verified\\)[ \t]+[0-9]\\{4\\}-" 1 font-lock-keyword-face)
    (,(regexp-opt '("when" "if" "then" "else" "any" "all" "count" "sum" "where"
                    "and" "or" "not" "is" "of" "otherwise" "within" "rounded")
                  'symbols)
     . font-lock-keyword-face)
    (,(regexp-opt pol--keywords 'symbols) . font-lock-keyword-face)
    (,(regexp-opt '("true" "false" "null") 'symbols) . font-lock-constant-face)
    (,(regexp-opt '("optional" "list" "required") 'symbols) . font-lock-keyword-face)
    ;; Types: the built-in ones and (by convention capitalised) enums and records.
    ("\\_<unrounded[ \t]+money\\_>" . font-lock-type-face)
    (,(regexp-opt '("bool" "integer" "decimal" "money" "date" "duration" "text") 'symbols)
     . font-lock-type-face)
    ("\\_<[A-Z][A-Za-z0-9_]*\\_>" . font-lock-type-face)
    ("\\_<\\(min\\|max\\|year\\|month\\|day\\)\\_>[ \t]*(" 1 font-lock-builtin-face)
    ;; Literals: dates, money, percentages, durations, numbers.
    ("\\(?:^\\|[^[:word:]_.]\\)\\([0-9]\\{4\\}-[0-9]\\{2\\}-[0-9]\\{2\\}\\)\\_>" 1 font-lock-constant-face)
    (,(concat "¥[ \t]*" pol--number) . font-lock-constant-face)
    (,(concat "\\(?:^\\|[^[:word:]_.]\\)\\(" pol--number "[ \t]*\\(?:万元\\|亿元\\|元\\)\\)")
     1 font-lock-constant-face)
    (,(concat "\\(?:^\\|[^[:word:]_.]\\)\\(" pol--number "[ \t]+yuan\\)\\_>") 1 font-lock-constant-face)
    (,(concat "\\(?:^\\|[^[:word:]_.]\\)\\(" pol--number "%\\)") 1 font-lock-constant-face)
    ("\\(?:^\\|[^[:word:]_.]\\)\\([0-9]+[ \t]+\\(?:years?\\|months?\\|days?\\)\\)\\_>" 1 font-lock-constant-face)
    ("\\(?:^\\|[^[:word:]_.]\\)\\([0-9]+[ \t]+items?\\)\\_>" 1 font-lock-constant-face)
    ("\\(?:^\\|[^[:word:]_.]\\)\\([0-9]+\\(?:\\.[0-9]+\\)?\\)\\_>" 1 font-lock-constant-face)
    ;; What the scanner rejects outside text and comments.
    ("“[^”\n]*”" 0 'pol-invalid-face)
    ("[\x2018-\x201f\x3000-\x303f\xff00-\xff0f\xff1a-\xff20\xff5b-\xff5e]" 0 'pol-invalid-face))
  "Font-lock keywords of pol-mode.")

(defvar pol-mode-syntax-table
  (let ((st (make-syntax-table)))
    (modify-syntax-entry ?# "<" st)
    (modify-syntax-entry ?\n ">" st)
    (modify-syntax-entry ?\" "\"" st)
    (modify-syntax-entry ?\\ "\\" st)
    (modify-syntax-entry ?_ "_" st)
    (modify-syntax-entry ?' "." st)
    (dolist (c '(?+ ?- ?* ?/ ?= ?< ?> ?% ?? ?, ?: ?. ?¥ ?× ?÷ ?≠ ?≤ ?≥))
      (modify-syntax-entry c "." st))
    st)
  "Syntax table of pol-mode.")

;;; Indentation

(defun pol--code-line-p ()
  "Non-nil when the current line holds code (not blank, not only a comment)."
  (save-excursion
    (beginning-of-line)
    (not (looking-at-p "[ \t]*\\(?:#.*\\)?$"))))

(defun pol--line-code ()
  "The current line without its comment and trailing blanks."
  (save-excursion
    (let* ((bol (line-beginning-position))
           (eol (line-end-position))
           (ppss (syntax-ppss eol))
           (end (if (nth 4 ppss) (nth 8 ppss) eol)))
      (string-trim-right (buffer-substring-no-properties bol end)))))

(defun pol--previous-code-line ()
  "Move to the previous code line; nil when there is none."
  (let (found)
    (while (and (not found) (= 0 (forward-line -1)))
      (when (pol--code-line-p) (setq found t)))
    found))

(defun pol--next-code-line ()
  "Move to the next code line; nil when there is none."
  (let (found)
    (while (and (not found) (= 0 (forward-line 1)) (not (eobp)))
      (when (pol--code-line-p) (setq found t)))
    found))

(defun pol--starts-with (words)
  "Non-nil when the current line starts with one of WORDS."
  (save-excursion
    (beginning-of-line)
    (looking-at-p (concat "[ \t]*" (regexp-opt words 'symbols)))))

(defconst pol--ceiling
  "\\(?:at[ \t]+\\(?:most\\|least\\)\\|不[ \t]+\\(?:超过\\|少于\\)\\)\\_>"
  "A ceiling or a bound: `at most' or `at least' (不 超过, 不 少于).")

(defun pol--top-line-p ()
  "Non-nil when the current line starts a declaration."
  (and (pol--starts-with pol--top-keywords)
       (not (save-excursion
              (beginning-of-line)
              (looking-at-p "[ \t]*\\(?:policy\\|政策\\)[ \t]+\\(?:start\\|end\\|开始\\|结束\\)\\_>")))))

(defun pol--code-indentation ()
  "The indentation of the current line, a code line."
  (let ((line (save-excursion (beginning-of-line) (skip-chars-forward " \t")
                              (buffer-substring-no-properties (point) (line-end-position))))
        prev-code prev-indent prev-top)
    (save-excursion
      (when (pol--previous-code-line)
        (setq prev-code (pol--line-code)
              prev-indent (current-indentation)
              prev-top (pol--top-line-p))))
    (cond
     ((or (pol--top-line-p) (null prev-code)) 0)
     ((string-prefix-p "}" line)
      ;; under the line that opened the block
      (save-excursion
        (let (found)
          (while (and (not found) (pol--previous-code-line))
            (when (string-match-p "{$" (pol--line-code)) (setq found (current-indentation))))
          (or found 0))))
     ((string-match-p "{$" prev-code) (+ prev-indent pol-indent-offset))
     ((string-match-p (concat "\\`" pol--ceiling) line)
      ;; a ceiling: one step in from its `amount' clause
      (save-excursion
        (let (found)
          (while (and (not found) (pol--previous-code-line) (not (pol--top-line-p)))
            (when (pol--starts-with '("amount" "数额")) (setq found (current-indentation))))
          (if found (+ found pol-indent-offset) (* 2 pol-indent-offset)))))
     ((and (pol--starts-with pol--clause-keywords)
           (not (pol--starts-with '("in" "as")))) pol-indent-offset)
     ((string-match-p "\\`\\(?:up[ \t]+to\\|above[ \t]*:\\|级[ \t]+到\\|以上[ \t]*:\\)" line) pol-indent-offset)   ; a bracket of a scale
     ((string-match-p "\\`\\(?:in[ \t]+force\\|as[ \t]+of\\|在[ \t]+施行\\|按[ \t]+的\\)\\_>" line) pol-indent-offset)
     ;; clauses that start with a word that is a name elsewhere
     ((string-match-p (concat "\\`\\(?:granted[ \t]+at[ \t]+zero\\|kind[ \t]+\\(?:grant\\|relief\\|service\\)"
                              "\\|给予[ \t]+不[ \t]+排除零\\|类别[ \t]+\\(?:资助\\|减免\\|服务\\)\\)\\_>")
                      line)
      pol-indent-offset)
     ((string-match-p "\\`\\(?:else\\|否则\\)\\_>" line)
      ;; under the `if' it belongs to
      (save-excursion
        (let (found)
          (while (and (not found) (pol--previous-code-line) (not (pol--top-line-p)))
            (when (string-match-p "\\_<\\(?:if\\|如果\\)\\_>" (pol--line-code)) (setq found (current-indentation))))
          (or found prev-indent))))
     ((string-match-p "\\(?:=\\|\\_<\\(?:where\\|then\\|else\\|满足\\|则\\|否则\\)\\)$" prev-code)
      (+ prev-indent pol-indent-offset))
     (prev-top pol-indent-offset)
     ((string-match-p (concat "\\`[ \t]*" pol--ceiling) prev-code) pol-indent-offset)
     (t prev-indent))))

(defun pol-indentation ()
  "The indentation of the current line in polrun's layout.
A comment line is indented like the code line that follows it."
  (save-excursion
    (beginning-of-line)
    (if (looking-at-p "[ \t]*#")
        (if (pol--next-code-line) (pol--code-indentation) 0)
      (pol--code-indentation))))

(defun pol-indent-line ()
  "Indent the current line in polrun's layout."
  (interactive)
  (let ((column (pol-indentation))
        (offset (- (current-column) (current-indentation))))
    (indent-line-to column)
    (when (> offset 0) (move-to-column (+ column offset)))))

;;; Checking

(defun pol-check ()
  "Check the policy of this buffer with `polrun check --error-format=gnu'.
The errors appear in a compilation buffer; `next-error' visits them."
  (interactive)
  (when (and (buffer-modified-p) (y-or-n-p "Save the file first? "))
    (save-buffer))
  (compile (concat (shell-quote-argument pol-polrun-program)
                   " check --error-format=gnu "
                   (shell-quote-argument (buffer-file-name)))))

(defvar pol-mode-map
  (let ((map (make-sparse-keymap)))
    (define-key map (kbd "C-c C-c") #'pol-check)
    map)
  "Keymap of pol-mode.")

;;;###autoload
(define-derived-mode pol-mode prog-mode "Pol"
  "Major mode for polrun policy files (.pol).

\\{pol-mode-map}"
  :syntax-table pol-mode-syntax-table
  (setq-local comment-start "# ")
  (setq-local comment-start-skip "#+[ \t]*")
  (setq-local comment-end "")
  (setq-local font-lock-defaults '(pol--font-lock-keywords))
  (setq-local indent-line-function #'pol-indent-line)
  (setq-local indent-tabs-mode nil)
  (setq-local tab-width 8)
  ;; polrun counts columns in characters; so does Emacs here.
  (setq-local compilation-error-screen-columns nil)
  (when (buffer-file-name)
    (setq-local compile-command
                (concat (shell-quote-argument pol-polrun-program)
                        " check --error-format=gnu "
                        (shell-quote-argument (file-name-nondirectory (buffer-file-name)))))))

;;;###autoload
(add-to-list 'auto-mode-alist '("\\.pol\\'" . pol-mode))

(provide 'pol-mode)

;;; pol-mode.el ends here
