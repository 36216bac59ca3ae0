(import (scheme base) (bad cycle-a))
(display "never")
