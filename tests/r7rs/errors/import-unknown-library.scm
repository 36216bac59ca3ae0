; Importing a library there is no such library of is a syntax error naming it (5.6, 5.2).
(import (scheme base)
        (scheme write)
        (no such lib))

(display "never runs")
