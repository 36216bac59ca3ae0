//! tests/bench/nqueens.scm: counting the solutions of the n-queens problem.
//!
//! The Scheme program keeps the rows placed so far in a list, consing one cell per placement and
//! sharing the rest with the caller; so does this, with the cells on the Rust stack (a frame
//! outlives every use of its cell), which is the cost of that list without a heap or a GC.

/// One cell of the list of rows placed so far, most recent first.
struct Placed<'a> {
    row: i64,
    rest: Option<&'a Placed<'a>>,
}

/// `safe?`: no queen in `placed` shares `row` or a diagonal with it.
fn safe(row: i64, placed: Option<&Placed>) -> bool {
    let (mut rest, mut distance) = (placed, 1);
    while let Some(cell) = rest {
        let other = cell.row;
        if other == row || other == row + distance || other == row - distance {
            return false;
        }
        rest = cell.rest;
        distance += 1;
    }
    true
}

/// `place`: the number of ways to complete the board from `column` on.
fn place(board_size: i64, column: i64, placed: Option<&Placed>) -> i64 {
    if column == board_size {
        return 1;
    }
    let mut count = 0;
    for row in 0..board_size {
        if safe(row, placed) {
            let cell = Placed { row, rest: placed };
            count += place(board_size, column + 1, Some(&cell));
        }
    }
    count
}

/// `(queens board-size)`.
pub fn queens(board_size: i64) -> i64 {
    place(board_size, 0, None)
}
