(import (scheme base) (rename (scheme write) (print display)))
