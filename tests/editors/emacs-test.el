;;; emacs-test.el --- ERT tests of editors/emacs/pol-mode.el  -*- lexical-binding: t; -*-

;; Run by tests/editors/run.sh as
;;   POL_SAMPLES=tests/editors emacs -Q --batch -L DIR -l pol-mode \
;;     -l tests/editors/emacs-test.el -f ert-run-tests-batch-and-exit

;;; Code:

(require 'ert)
(require 'pol-mode)

(defvar pol-test-samples (or (getenv "POL_SAMPLES") "tests/editors"))

(defmacro pol-test-with-sample (file &rest body)
  "Run BODY in a pol-mode buffer holding the sample FILE, fontified."
  (declare (indent 1))
  `(with-temp-buffer
     ;; UTF-8 whatever the locale (LANG=C would not say so)
     (let ((coding-system-for-read 'utf-8))
       (insert-file-contents (expand-file-name ,file pol-test-samples)))
     (pol-mode)
     (font-lock-ensure)
     ,@body))

(defun pol-test-face (regexp &optional offset)
  "The face at the first match of REGEXP, OFFSET characters into it."
  (goto-char (point-min))
  (unless (re-search-forward regexp nil t)
    (error "Not found: %s" regexp))
  (let ((face (get-text-property (+ (match-beginning 0) (or offset 0)) 'face)))
    (if (consp face) (car face) face)))

(ert-deftest pol-test-auto-mode ()
  (should (eq (cdr (assoc "x.pol" auto-mode-alist #'string-match-p)) 'pol-mode)))

(ert-deftest pol-test-comments ()
  (with-temp-buffer
    (pol-mode)
    (should (equal comment-start "# "))
    (insert "when x")
    (comment-region (point-min) (point-max))
    (should (equal (buffer-string) "# when x"))))

(ert-deftest pol-test-font-lock ()
  (pol-test-with-sample "grammar/measures.pol"
    (should (eq (pol-test-face "^# SYNTAX") 'font-lock-comment-delimiter-face))
    (should (eq (pol-test-face "^policy") 'font-lock-keyword-face))
    (should (eq (pol-test-face "\"measure-sample\"") 'font-lock-string-face))
    (should (eq (pol-test-face "in force from") 'font-lock-keyword-face))
    (should (eq (pol-test-face "2025-03-01 through") 'font-lock-constant-face))
    (should (eq (pol-test-face "500000 元" 7) 'font-lock-constant-face))
    (should (eq (pol-test-face "50 万元" 3) 'font-lock-constant-face))
    (should (eq (pol-test-face "1.5 亿元") 'font-lock-constant-face))
    (should (eq (pol-test-face "¥500,000.00" 8) 'font-lock-constant-face))
    (should (eq (pol-test-face "500000 yuan" 8) 'font-lock-constant-face))
    (should (eq (pol-test-face "30%") 'font-lock-constant-face))
    (should (eq (pol-test-face "12.5%" 4) 'font-lock-constant-face))
    (should (eq (pol-test-face "6 months" 3) 'font-lock-constant-face))
    (should (eq (pol-test-face "in_yuan") 'font-lock-variable-name-face))
    (should (eq (pol-test-face ": money = 500000" 2) 'font-lock-type-face))
    (should (eq (pol-test-face "unrounded money = already_paid" 0) 'font-lock-type-face))
    (should (eq (pol-test-face "scale 经营所得税率" 0) 'font-lock-keyword-face))
    (should (eq (pol-test-face "经营所得税率\n" 0) 'font-lock-function-name-face))
    (should (eq (pol-test-face "up to 30000" 0) 'font-lock-keyword-face))
    (should (eq (pol-test-face "deduction 1500" 0) 'font-lock-keyword-face))
    (should (eq (pol-test-face "rate_for_size") 'font-lock-function-name-face))
    (should (eq (pol-test-face "small_firms when") 'font-lock-constant-face))
    (should (eq (pol-test-face "is one of" 7) 'font-lock-keyword-face))
    (should (eq (pol-test-face "evaluation date" 11) 'font-lock-builtin-face))
    (should (eq (pol-test-face "policy end" 7) 'font-lock-builtin-face))
    (should (eq (pol-test-face "is present" 3) 'font-lock-keyword-face))
    (should (eq (pol-test-face "year(") 'font-lock-builtin-face))
    (should (eq (pol-test-face "digital_subsidy$") 'font-lock-function-name-face))
    (should (eq (pol-test-face "article \"八\"") 'font-lock-keyword-face))
    (should (eq (pol-test-face "\"八\"" 1) 'pol-article-face))
    (should (memq (pol-test-face "  # “对纳入" 4) '(font-lock-comment-face font-lock-comment-delimiter-face)))
    (should (eq (pol-test-face "\\.in_pilot and" 1) 'font-lock-variable-name-face))
    (should (eq (pol-test-face "rounded down to fen" 16) 'font-lock-keyword-face))
    (should (eq (pol-test-face "at most 30" 3) 'font-lock-keyword-face))
    (should (eq (pol-test-face "amount in kind" 10) 'font-lock-keyword-face))
    (should (eq (pol-test-face "Size\\.small") 'font-lock-type-face))
    (should (eq (pol-test-face "or true" 3) 'font-lock-constant-face))))

(ert-deftest pol-test-font-lock-chinese ()
  ;; A policy in Chinese keywords: the generated part of pol-mode.el.
  (pol-test-with-sample "grammar/zh-keywords.pol"
    (should (eq (pol-test-face "^政策") 'font-lock-keyword-face))
    (should (eq (pol-test-face "\"zh-sample\"") 'font-lock-string-face))
    (should (eq (pol-test-face "在 施行 自" 2) 'font-lock-keyword-face))
    (should (eq (pol-test-face "2025-03-01 至" 11) 'font-lock-keyword-face))
    (should (eq (pol-test-face "Size {") 'font-lock-type-face))
    (should (eq (pol-test-face "id: 文本" 4) 'font-lock-type-face))
    (should (eq (pol-test-face "可选 文本") 'font-lock-keyword-face))
    (should (eq (pol-test-face "^参数 ceiling") 'font-lock-keyword-face))
    (should (eq (pol-test-face "ceiling: 金额") 'font-lock-variable-name-face))
    (should (eq (pol-test-face "30 万元" 3) 'font-lock-constant-face))
    (should (eq (pol-test-face "3 年" 2) 'font-lock-constant-face))
    (should (eq (pol-test-face "rate: 小数") 'font-lock-function-name-face))
    (should (eq (pol-test-face "rate: 小数" 6) 'font-lock-type-face))
    (should (eq (pol-test-face "small_firms 当") 'font-lock-constant-face))
    (should (eq (pol-test-face "small_firms 当" 12) 'font-lock-keyword-face))
    (should (eq (pol-test-face "是 之一 的" 2) 'font-lock-keyword-face))
    (should (eq (pol-test-face "是 存在" 2) 'font-lock-keyword-face))
    (should (eq (pol-test-face "subsidy$") 'font-lock-function-name-face))
    (should (eq (pol-test-face "条款 \"八\"") 'font-lock-keyword-face))
    (should (eq (pol-test-face "取整 向下 到 分" 8) 'font-lock-keyword-face))
    (should (eq (pol-test-face "不 超过" 2) 'font-lock-keyword-face))
    (should (eq (pol-test-face "10% 且" 4) 'font-lock-keyword-face))
    ;; a name that starts with a keyword's word is a name
    (should (eq (pol-test-face "参数 不动产比例" 3) 'font-lock-variable-name-face))
    (should (eq (pol-test-face "= 不动产比例 >" 2) nil))))

(ert-deftest pol-test-dated ()
  (pol-test-with-sample "grammar/dated.pol"
    (should (eq (pol-test-face "from 2022-01-01: 90%") 'font-lock-keyword-face))
    (should (eq (pol-test-face "from 2022-01-01: 90%" 5) 'font-lock-constant-face))
    (should (eq (pol-test-face "verified 2025") 'font-lock-keyword-face))
    (should (eq (pol-test-face "not in force" 7) 'font-lock-keyword-face))
    (should (eq (pol-test-face "source of large_rate" 7) 'font-lock-keyword-face))
    (should (eq (pol-test-face "from 2024-01-01 when" 16) 'font-lock-keyword-face))))

(ert-deftest pol-test-invalid-punctuation ()
  (pol-test-with-sample "grammar/invalid-punctuation.pol"
    (should (eq (pol-test-face "“全角引号”") 'pol-invalid-face))
    (should (eq (pol-test-face "：") 'pol-invalid-face))
    (should (eq (pol-test-face "1，" 1) 'pol-invalid-face))
    (should (eq (pol-test-face "全角，逗号" 2) 'font-lock-string-face))
    (should (eq (pol-test-face "注释里的“引号”" 4) 'font-lock-comment-face))))

(ert-deftest pol-test-quoted-names ()
  (pol-test-with-sample "grammar/quoted-names.pol"
    (should (eq (pol-test-face "`amount`: money" 1) 'font-lock-variable-name-face))
    (should (eq (pol-test-face "`registered-capital`: money" 11) 'font-lock-variable-name-face))
    (should (eq (pol-test-face "`count` > 2" 1) 'font-lock-variable-name-face))
    (should (eq (pol-test-face "fixed `amount`" 7) 'font-lock-variable-name-face))))

(ert-deftest pol-test-valid-policies-unmarked ()
  ;; No pol-invalid-face in a valid policy ($POL_VALID lists them).
  (let ((list (getenv "POL_VALID")) marked)
    (when list
      (dolist (file (with-temp-buffer
                      (insert-file-contents list)
                      (split-string (buffer-string) "\n" t)))
        (with-temp-buffer
          (let ((coding-system-for-read 'utf-8))
            (insert-file-contents file))
          (pol-mode)
          (font-lock-ensure)
          (goto-char (point-min))
          (let ((pos (text-property-any (point-min) (point-max) 'face 'pol-invalid-face)))
            (when pos
              (push (format "%s:%d" file (line-number-at-pos pos)) marked))))))
    (should (equal marked nil))))

(defun pol-test-reindent (sample)
  "Flatten SAMPLE, re-indent it, and compare it line by line with itself."
  (pol-test-with-sample sample
    (let ((want (buffer-string)))
      (goto-char (point-min))
      (while (re-search-forward "^[ \t]+" nil t) (replace-match ""))
      (should-not (equal (buffer-string) want))
      (indent-region (point-min) (point-max))
      (let ((got (split-string (buffer-string) "\n"))
            (lines (split-string want "\n"))
            (n 1))
        (while lines
          (should (equal (list sample n (car got)) (list sample n (car lines))))
          (setq got (cdr got) lines (cdr lines) n (1+ n)))))))

(ert-deftest pol-test-indentation ()
  (pol-test-reindent "indent.pol"))

(ert-deftest pol-test-indentation-chinese-keywords ()
  (pol-test-reindent "indent.zh.pol"))

(ert-deftest pol-test-compile-columns ()
  ;; polrun counts columns in characters: after "5 万元 - " the error at
  ;; column 23 is `already_paid', not two characters before it.
  (let* ((file (expand-file-name "grammar/measures.pol" pol-test-samples))
         (line (with-temp-buffer
                 (insert-file-contents file)
                 (goto-char (point-min))
                 (re-search-forward "already_paid rounded")
                 (line-number-at-pos)))
         (buf (get-buffer-create "*pol-test-compilation*")))
    (unwind-protect
        (with-current-buffer buf
          (setq default-directory (file-name-directory file))
          (insert (format "%s:%d:23: error[E0301]: a test message\n" file line))
          (compilation-mode)
          (compilation--ensure-parse (point-max))
          (goto-char (point-min))
          (compilation-next-error-function 0 t)
          (let ((target (window-buffer (selected-window))))
            (with-current-buffer target
              (should (eq major-mode 'pol-mode))
              (should (= (line-number-at-pos) line))
              (should (looking-at-p "already_paid rounded")))))
      (kill-buffer buf))))

;;; emacs-test.el ends here
