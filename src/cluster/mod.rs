//! What the nodes of one site share besides the database's rows: who is alive under which name
//! (`membership`), so that two nodes never hand out sandbox ids under one name, and what a name
//! may be (`node_name`).

pub mod membership;
pub mod node_name;
