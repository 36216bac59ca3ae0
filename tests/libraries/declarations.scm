;; include-library-declarations, cond-expand in declarations, include-ci.
(import (scheme base) (scheme write) (scope decls))
(write (list which (shouted 1))) (newline)
