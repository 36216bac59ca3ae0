; A string still open at end of file is a read error.
(import (scheme base) (scheme write))

(display "never closed