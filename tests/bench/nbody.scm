(import (scheme base) (scheme write) (scheme time) (scheme inexact))
;; The kiln bench timing protocol: time the measured section with current-jiffy and print one
;; line "bench-us: MICROSECONDS" on the error port.
(define (bench-run thunk)
  (let* ((t0 (current-jiffy)) (r (thunk)) (t1 (current-jiffy)) (e (current-error-port)))
    (display "bench-us: " e)
    (display (round (/ (* (- t1 t0) 1000000) (jiffies-per-second))) e)
    (newline e)
    r))
;; nbody: the Jovian planets and the Sun integrated with a simple symplectic Euler step, as in
;; the nbody benchmark (standard published orbital elements, in AU, years and solar masses); prints
;; the energy before and after, as fixed decimals formatted here.
;; Stresses: flonum arithmetic, sqrt, mutation of float vectors, nested loops over bodies.
(define pi 3.141592653589793)
(define solar-mass (* 4. pi pi))
(define days-per-year 365.24)
;; A body: #(x y z vx vy vz mass); velocities are given per day and converted to per year.
(define (body x y z vx vy vz m)
  (vector x y z (* vx days-per-year) (* vy days-per-year) (* vz days-per-year) (* m solar-mass)))
(define (make-system)
  (vector
   (body 0. 0. 0. 0. 0. 0. 1.)
   (body 4.84143144246472090e+00 -1.16032004402742839e+00 -1.03622044471123109e-01
         1.66007664274403694e-03 7.69901118419740425e-03 -6.90460016972063023e-05
         9.54791938424326609e-04)
   (body 8.34336671824457987e+00 4.12479856412430479e+00 -4.03523417114321381e-01
         -2.76742510726862411e-03 4.99852801234917238e-03 2.30417297573763929e-05
         2.85885980666130812e-04)
   (body 1.28943695621391310e+01 -1.51111514016986312e+01 -2.23307578892655734e-01
         2.96460137564761618e-03 2.37847173959480950e-03 -2.96589568540237556e-05
         4.36624404335156298e-05)
   (body 1.53796971148509165e+01 -2.59193146099879641e+01 1.79258772950371181e-01
         2.68067772490389322e-03 1.62824170038242295e-03 -9.51592254519715870e-05
         5.15138902046611451e-05)))
(define (ref b i) (vector-ref b i))
(define (offset-momentum! bodies)
  (let loop ((i 0) (px 0.) (py 0.) (pz 0.))
    (if (< i (vector-length bodies))
        (let ((b (vector-ref bodies i)))
          (loop (+ i 1) (+ px (* (ref b 3) (ref b 6))) (+ py (* (ref b 4) (ref b 6)))
                (+ pz (* (ref b 5) (ref b 6)))))
        (let ((sun (vector-ref bodies 0)))
          (vector-set! sun 3 (- (/ px solar-mass)))
          (vector-set! sun 4 (- (/ py solar-mass)))
          (vector-set! sun 5 (- (/ pz solar-mass)))))))
(define (energy bodies)
  (let ((n (vector-length bodies)))
    (let loop ((i 0) (e 0.))
      (if (= i n)
          e
          (let* ((b (vector-ref bodies i))
                 (e (+ e (* 0.5 (ref b 6) (+ (* (ref b 3) (ref b 3)) (* (ref b 4) (ref b 4))
                                             (* (ref b 5) (ref b 5)))))))
            (let inner ((j (+ i 1)) (e e))
              (if (= j n)
                  (loop (+ i 1) e)
                  (let* ((c (vector-ref bodies j))
                         (dx (- (ref b 0) (ref c 0))) (dy (- (ref b 1) (ref c 1)))
                         (dz (- (ref b 2) (ref c 2))))
                    (inner (+ j 1)
                           (- e (/ (* (ref b 6) (ref c 6)) (sqrt (+ (* dx dx) (* dy dy) (* dz dz))))))))))))))
(define (advance! bodies dt)
  (let ((n (vector-length bodies)))
    (do ((i 0 (+ i 1))) ((= i n))
      (let ((b (vector-ref bodies i)))
        (do ((j (+ i 1) (+ j 1))) ((= j n))
          (let* ((c (vector-ref bodies j))
                 (dx (- (ref b 0) (ref c 0))) (dy (- (ref b 1) (ref c 1))) (dz (- (ref b 2) (ref c 2)))
                 (d2 (+ (* dx dx) (* dy dy) (* dz dz)))
                 (mag (/ dt (* d2 (sqrt d2))))
                 (mb (* (ref b 6) mag)) (mc (* (ref c 6) mag)))
            (vector-set! b 3 (- (ref b 3) (* dx mc)))
            (vector-set! b 4 (- (ref b 4) (* dy mc)))
            (vector-set! b 5 (- (ref b 5) (* dz mc)))
            (vector-set! c 3 (+ (ref c 3) (* dx mb)))
            (vector-set! c 4 (+ (ref c 4) (* dy mb)))
            (vector-set! c 5 (+ (ref c 5) (* dz mb)))))))
    (do ((i 0 (+ i 1))) ((= i n))
      (let ((b (vector-ref bodies i)))
        (vector-set! b 0 (+ (ref b 0) (* dt (ref b 3))))
        (vector-set! b 1 (+ (ref b 1) (* dt (ref b 4))))
        (vector-set! b 2 (+ (ref b 2) (* dt (ref b 5))))))))
(define (fixed x digits)
  (let* ((scale (expt 10 digits)) (n (exact (round (* x scale))))
         (a (abs n)) (fs (number->string (remainder a scale))))
    (string-append (if (< n 0) "-" "") (number->string (quotient a scale)) "."
                   (make-string (- digits (string-length fs)) #\0) fs)))
(define (run steps)
  (let ((bodies (make-system)))
    (offset-momentum! bodies)
    (let ((e0 (energy bodies)))
      (do ((i 0 (+ i 1))) ((= i steps)) (advance! bodies 0.01))
      (list (fixed e0 9) (fixed (energy bodies) 9)))))
(for-each (lambda (s) (display s) (newline)) (bench-run (lambda () (run 10000))))
