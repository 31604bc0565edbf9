;;; test.el --- drive eglot like a user, in batch mode  -*- lexical-binding: t -*-

;; Loads the documented configuration (vigil.el), opens each file, waits for Vigil's flymake
;; diagnostic, runs `eglot-code-actions' on it and picks the fix by its title (the stubbed
;; `completing-read' is where a user would choose), saves, and waits for the diagnostic to go
;; away.  Everything seen is written as JSON to $VIGIL_RESULT for test/editors/emacs.test.ts;
;; Emacs exits 0 when the script ran to the end, 1 otherwise.
;;
;; Batch mode has no command loop: post-command hooks and idle timers never run by themselves.
;; The script runs them where the command loop would (after opening a file, after an edit).
;;
;; Environment: VIGIL_CONFIG (the configuration to load), VIGIL_SERVER (read by it),
;; VIGIL_RESULT, VIGIL_CASES (JSON list of {file, code, pick}), VIGIL_TIMEOUT_MS (per wait).

(require 'cl-lib)
(require 'json)

;; `emacs -Q' does not activate packages: put Debian's ELPA packages (eglot and the newer
;; project, xref and seq it needs) ahead of the built-in ones.
(dolist (dir (file-expand-wildcards "/usr/share/emacs/site-lisp/elpa/*"))
  (add-to-list 'load-path dir))

(defvar vigil-test-wait-seconds
  (/ (string-to-number (or (getenv "VIGIL_TIMEOUT_MS") "15000")) 1000.0))
(defvar vigil-test-steps nil)
(defvar vigil-test-cases nil)
(defvar vigil-test-servers nil)
(defvar vigil-test-finished nil)

(defun vigil-test-step (text)
  (push text vigil-test-steps))

(defun vigil-test-events ()
  "The tail of every eglot events buffer: the JSON-RPC traffic, for a failure message."
  (mapconcat (lambda (buffer)
               (with-current-buffer buffer
                 (buffer-substring-no-properties (max (point-min) (- (point-max) 3000)) (point-max))))
             (cl-remove-if-not (lambda (buffer) (string-match-p "EGLOT.*events" (buffer-name buffer)))
                               (buffer-list))
             "\n"))

(defun vigil-test-finish (ok &optional error-text)
  (unless vigil-test-finished
    (setq vigil-test-finished t)
    (let ((coding-system-for-write 'utf-8))
      (with-temp-file (getenv "VIGIL_RESULT")
        (insert (json-serialize
                 (list :ok (if ok t :false)
                       :error (or error-text :null)
                       :events (if ok :null (vigil-test-events))
                       :steps (vconcat (reverse vigil-test-steps))
                       :cases (vconcat (reverse vigil-test-cases))
                       :servers (vconcat vigil-test-servers))))))
    (kill-emacs (if ok 0 1))))

;; An overall deadline on top of the waits below: timers run while Emacs waits for output.
(run-at-time (* 2 vigil-test-wait-seconds) nil
             (lambda ()
               (vigil-test-finish nil (format "timed out; last step: %s" (car vigil-test-steps)))))

(defun vigil-test-wait-for (what predicate)
  (vigil-test-step (format "waiting for %s" what))
  (let ((deadline (+ (float-time) vigil-test-wait-seconds)))
    (while (not (funcall predicate))
      (when (> (float-time) deadline)
        (error "Gave up waiting for %s" what))
      (accept-process-output nil 0.02))))

(defun vigil-test-diagnostics (&optional code)
  "Flymake's diagnostics in the current buffer from eglot (with CODE), as plists.
Lines are 1-based, columns 0-based in characters, as Emacs counts them."
  (cl-loop
   for diag in (flymake-diagnostics)
   for lsp = (alist-get 'eglot-lsp-diag (flymake-diagnostic-data diag))
   for beg = (flymake-diagnostic-beg diag)
   for end = (flymake-diagnostic-end diag)
   when (and lsp (or (null code) (equal (plist-get lsp :code) code)))
   collect (save-excursion
             (list :code (plist-get lsp :code)
                   :source (plist-get lsp :source)
                   :message (plist-get lsp :message)
                   :type (symbol-name (flymake-diagnostic-type diag))
                   :text (buffer-substring-no-properties beg end)
                   :line (line-number-at-pos beg)
                   :col (progn (goto-char beg) (- beg (line-beginning-position)))
                   :end_line (line-number-at-pos end)
                   :end_col (progn (goto-char end) (- end (line-beginning-position)))))))

(defun vigil-test-run-case (case)
  (let* ((file (alist-get 'file case))
         (code (alist-get 'code case))
         (pick (alist-get 'pick case))
         offered prompt before all-before fixed after)
    (vigil-test-step (format "opening %s" file))
    (find-file file)
    ;; After C-x C-f the command loop runs post-command-hook, where `eglot-ensure' connects.
    (run-hooks 'post-command-hook)
    (vigil-test-wait-for (format "eglot to manage %s" file) (lambda () (bound-and-true-p eglot--managed-mode)))
    (vigil-test-wait-for (format "%s in %s" code file) (lambda () (vigil-test-diagnostics code)))
    (setq before (vigil-test-diagnostics code)
          all-before (vigil-test-diagnostics))

    ;; Point on the finding, then M-x eglot-code-actions RET.
    (goto-char (point-min))
    (forward-line (1- (plist-get (car before) :line)))
    (forward-char (plist-get (car before) :col))
    (vigil-test-step (format "code actions in %s" file))
    (let ((last-nonmenu-event ?\r))
      (cl-letf (((symbol-function 'completing-read)
                 (lambda (prompt-text collection &rest _)
                   (setq prompt prompt-text
                         offered (mapcar #'car collection))
                   (if (assoc pick collection) pick
                     (error "No code action titled %S" pick)))))
        (call-interactively #'eglot-code-actions)))
    (setq fixed (buffer-substring-no-properties (point-min) (point-max)))

    ;; Eglot sends the edit after `eglot-send-changes-idle-time'; idle timers never fire here.
    (eglot--signal-textDocument/didChange)
    (vigil-test-wait-for (format "%s to go away in %s" code file) (lambda () (null (vigil-test-diagnostics code))))
    (setq after (vigil-test-diagnostics))
    (save-buffer)
    (push (list :file file
                :mode (symbol-name major-mode)
                :before (vconcat before)
                :all_before (vconcat all-before)
                :prompt prompt
                :offered (vconcat offered)
                :fixed fixed
                :after (vconcat after)
                :modified (if (buffer-modified-p) t :false))
          vigil-test-cases)))

(condition-case err
    (progn
      (load (getenv "VIGIL_CONFIG") nil t)
      (dolist (case (json-parse-string (getenv "VIGIL_CASES") :object-type 'alist :array-type 'list))
        (vigil-test-run-case case))
      (let ((servers (cl-loop for list being the hash-values of eglot--servers-by-project append list)))
        (dolist (server servers)
          (push (list :name (or (plist-get (eglot--server-info server) :name) :null)
                      :language_id (eglot--language-id server)
                      :modes (vconcat (mapcar #'symbol-name (eglot--major-modes server))))
                vigil-test-servers))
        (vigil-test-step "shutting down")
        (eglot-shutdown-all)
        (vigil-test-wait-for "the servers to exit"
                             (lambda () (cl-notany #'jsonrpc-running-p servers))))
      (vigil-test-finish t))
  (error (vigil-test-finish nil (error-message-string err))))

;;; test.el ends here
