;; Same internal names as (util counter): neither sees the other's.
(define-library (util other)
  (import (scheme base))
  (export other-ticks bump!)
  (include "other-body.inc"))
