; A list still open at end of file is a read error.
(import (scheme base) (scheme write))

(display (list 1 2