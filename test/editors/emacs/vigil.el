;;; vigil.el --- Vigil's language server in eglot  -*- lexical-binding: t -*-

;; Emacs 28 with eglot 1.9 (Debian's elpa-eglot) or later.  docs/editors.md shows this file;
;; the Emacs test loads it as it is.  Settings go in the project's .dir-locals.el as
;; `eglot-workspace-configuration' (see test/editors/emacs/workspace/.dir-locals.el).

(require 'eglot)

(defvar vigil-server (or (getenv "VIGIL_SERVER") (expand-file-name "~/vigil/dist/server.js"))
  "Vigil's dist/server.js.")

;; One entry per language: eglot 1.9 sends a server's buffers one languageId, so Python and
;; JavaScript buffers each get a server of their own.
(add-to-list 'eglot-server-programs
             `(python-mode . ("node" ,vigil-server "--stdio")))
(add-to-list 'eglot-server-programs
             `(((js-mode :language-id "javascript")) . ("node" ,vigil-server "--stdio")))

(add-hook 'python-mode-hook #'eglot-ensure)
(add-hook 'js-mode-hook #'eglot-ensure)

;;; vigil.el ends here
