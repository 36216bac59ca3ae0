; 2.1: after #!fold-case, identifiers are read as if by string-foldcase (full folding: `STRASSE`
; and `Straße` are the same identifier), until #!no-fold-case.
(import (scheme base) (scheme write))

#!fold-case
(DEFINE Straße 'folded)
(WRITE (LIST strasse STRASSE (EQ? 'Maß 'MASS) 'ΣΑΣ))
#!no-fold-case
(newline)
(write (list 'Maß (eq? 'Maß 'mass)))
(newline)
