; An import set must be a library name or an only/except/prefix/rename form.
(import (scheme base) 42)

(display "never runs")
