//! What the nodes of one site share besides the database's rows: who is alive under which name
//! (`membership`), so that two nodes never hand out sandbox ids under one name.

pub mod membership;
