; Compiled code's inline vector-ref is guarded by "the global still holds the primitive object at
; address A". Once `vector-ref` is redefined nothing else references that object; if the collector
; freed it, the next closure could be allocated at A and pass the guard (under --gc-stress it was:
; f returned the vector's element, 0, instead of calling the new definition). The JIT keeps every
; primitive its guards compare against alive. Found by the differential fuzzer (seed 100592).
(define (f n p) (do ((acc (let ((t #(0))) (vector-ref t 0)))) (0 acc)))
(f 0 0)
(define (vector-ref) 0)
(define (vector-ref v i) vector-length)
(write (apply f (list 0 0)))
(newline)
