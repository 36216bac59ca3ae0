;; SRFI 143: fixnums, Kiln's 31-bit immediate integers. The operations are the generic ones
;; (results outside the fixnum range are an error SRFI 143 leaves unchecked), so calls compile
;; to the same inline fixnum code as `+` and `<`.
(define-library (srfi 143)
  (import (scheme base))
  (export fx-width fx-greatest fx-least fixnum?
          (rename = fx=?) (rename < fx<?) (rename > fx>?) (rename <= fx<=?) (rename >= fx>=?)
          (rename zero? fxzero?) (rename positive? fxpositive?) (rename negative? fxnegative?)
          (rename odd? fxodd?) (rename even? fxeven?) (rename max fxmax) (rename min fxmin)
          (rename + fx+) (rename - fx-) fxneg (rename * fx*) (rename quotient fxquotient)
          (rename remainder fxremainder) (rename abs fxabs) (rename square fxsquare)
          (rename exact-integer-sqrt fxsqrt) fx+/carry fx-/carry fx*/carry
          (rename %bitwise-not fxnot) (rename %bitwise-and fxand) (rename %bitwise-ior fxior)
          (rename %bitwise-xor fxxor) (rename %arithmetic-shift fxarithmetic-shift)
          fxarithmetic-shift-left fxarithmetic-shift-right (rename %bit-count fxbit-count)
          (rename %integer-length fxlength) fxif fxbit-set? fxcopy-bit fxfirst-set-bit
          fxbit-field fxbit-field-rotate fxbit-field-reverse)
  (import (srfi 151))
  (begin
    (define fx-width 31)
    (define fx-greatest 1073741823)
    (define fx-least -1073741824)
    (define (fixnum? x) (and (exact-integer? x) (<= fx-least x fx-greatest)))
    (define (fxneg x) (- x))
    (define (fxarithmetic-shift-left x n) (%arithmetic-shift x n))
    (define (fxarithmetic-shift-right x n) (%arithmetic-shift x (- n)))
    (define (fxif mask a b) (bitwise-if mask a b))
    (define (fxbit-set? index n) (bit-set? index n))
    (define (fxcopy-bit index n bit) (copy-bit index n bit))
    (define (fxfirst-set-bit n) (first-set-bit n))
    (define (fxbit-field n start end) (bit-field n start end))
    (define (fxbit-field-rotate n count start end) (bit-field-rotate n count start end))
    (define (fxbit-field-reverse n start end) (bit-field-reverse n start end))
    ;; The carry operations of SRFI 143 (after its sample implementation): two fixnums whose
    ;; weighted sum is the exact result.
    (define (split r)
      (let* ((m (expt 2 fx-width))
             (lo (let ((x (modulo r m)))
                   (if (> x fx-greatest) (- x m) x))))
        (values lo (quotient (- r lo) m))))
    (define (fx+/carry i j k) (split (+ i j k)))
    (define (fx-/carry i j k) (split (- i j k)))
    (define (fx*/carry i j k) (split (+ (* i j) k)))))
