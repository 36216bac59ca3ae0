; 2.4: `#n#` with no `#n=` before it in the same datum is a read error (exit 65).
(import (scheme base) (scheme write))

(display "never")
(write '(#0=a #1#))
