(import (bad export))
