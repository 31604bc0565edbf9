;; Vigil's settings for eglot: the `vigil' section of workspace/configuration, per project.
((nil . ((eglot-workspace-configuration . (:vigil (:fix (:timeoutSeconds 10)))))))
