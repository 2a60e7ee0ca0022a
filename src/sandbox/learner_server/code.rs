//! What one run executes: the learner's file (`bridge.py`, the module uvicorn serves) and the
//! course's modules it may import, read-only beside it (lesson 1's `rooms.py`, named by the
//! lesson's `[sandbox] own_server_modules`).

/// A course module the learner's code may import: its file name and text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CourseModule {
    pub file: String,
    pub code: String,
}

/// The learner's code and the modules beside it.
#[derive(Clone, Copy, Debug)]
pub struct LearnerCode<'a> {
    pub main: &'a str,
    pub modules: &'a [CourseModule],
}

impl<'a> From<&'a str> for LearnerCode<'a> {
    fn from(main: &'a str) -> Self {
        LearnerCode { main, modules: &[] }
    }
}

impl<'a> From<&'a String> for LearnerCode<'a> {
    fn from(main: &'a String) -> Self {
        LearnerCode { main, modules: &[] }
    }
}

/// A module file name the jail accepts: a plain Python module name (`rooms.py`), never the
/// learner's own file, never a path.
pub fn is_module_file_name(file: &str) -> bool {
    file.strip_suffix(".py").is_some_and(|name| {
        name != "bridge"
            && name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
            && name.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_are_plain_python_files_other_than_the_learners() {
        assert!(is_module_file_name("rooms.py"));
        assert!(is_module_file_name("_util2.py"));
        assert!(!is_module_file_name("bridge.py"));
        assert!(!is_module_file_name("../rooms.py"));
        assert!(!is_module_file_name("rooms"));
        assert!(!is_module_file_name("Rooms.py"));
    }
}
