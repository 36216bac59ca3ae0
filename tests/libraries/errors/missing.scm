(import (scheme base) (bad nowhere))
