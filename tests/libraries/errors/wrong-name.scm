(import (bad wrong-name))
