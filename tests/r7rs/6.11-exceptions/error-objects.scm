; 6.11: error, error-object?, error-object-message, error-object-irritants, file/read errors.
(import (scheme base) (scheme write) (scheme read) (scheme file))

(define (show . xs) (for-each (lambda (x) (write x) (display " ")) xs) (newline))
(define (catch thunk) (guard (e (#t e)) (thunk)))
(define e1 (catch (lambda () (error "Something bad:" 42 'foo "bar" '(1 2)))))
(show (error-object? e1) (error-object-message e1) (error-object-irritants e1))
(define e2 (catch (lambda () (error "no irritants"))))
(show (error-object-message e2) (error-object-irritants e2))
(show (error-object? 'sym) (error-object? "str") (error-object? 42) (error-object? '()))
(show (file-error? e1) (read-error? e1))
;; Opening a file that doesn't exist raises a file error.
(show (guard (e ((file-error? e) 'file-error) (#t 'other)) (open-input-file "/definitely/not/here.txt")))
;; Reading malformed input from a string port raises a read error.
(show (guard (e ((read-error? e) 'read-error) ((error-object? e) 'other-error))
        (read (open-input-string "(1 2"))))
(show (guard (e ((read-error? e) 'read-error) ((error-object? e) 'other-error))
        (read (open-input-string ")"))))
;; Error objects can be re-raised and still inspected.
(show (guard (outer ((error-object? outer) (error-object-message outer)))
        (guard (inner ((string? inner) 'no))
          (error "re-raised" 1))))
;; The message is exactly the string given, even with punctuation and spaces.
(show (error-object-message (catch (lambda () (error "  spaced: msg ")))))
