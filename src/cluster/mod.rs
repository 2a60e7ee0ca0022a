//! What the nodes of one site keep in the shared database to act as one site: who is alive under which name
//! (`membership`), so that two nodes never hand out sandbox ids under one name, and what a name
//! may be (`node_name`), and where every live sandbox runs and whose it is (`places`), so the
//! per-learner and per-address limits hold for the whole site.

pub mod membership;
pub mod node_name;
pub mod places;
