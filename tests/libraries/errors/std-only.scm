(import (scheme base) (only (scheme char) char-upcase string-titlecase))
