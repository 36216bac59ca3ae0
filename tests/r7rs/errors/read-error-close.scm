; An unexpected close parenthesis is a read error reported with its position.
(import (scheme base) (scheme write))
  )
(display "not reached")
