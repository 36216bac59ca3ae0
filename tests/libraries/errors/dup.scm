(import (bad dup))
