# The project's own build choices, for its own targets only: they stay
# PRIVATE, so that an embedder linking Workhost::Core gets none of them (its
# `signals:`/`emit` keep working, its warnings stay its own).
include(WorkhostWarnings)

# workhost_project_target(TARGET): strict warnings (-Werror with
# WORKHOST_WERROR) and QT_NO_KEYWORDS (Q_SIGNALS/Q_SLOTS/Q_EMIT only: spdlog
# and other libraries may use the plain words as names).
function(workhost_project_target target)
    workhost_set_warnings(${target})
    target_compile_definitions(${target} PRIVATE QT_NO_KEYWORDS)
endfunction()
