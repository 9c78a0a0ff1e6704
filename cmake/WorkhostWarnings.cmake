# Strict warnings for the project's own targets, never for system headers
# (Qt and spdlog come in as SYSTEM includes through their imported targets).
option(WORKHOST_WERROR "Treat warnings in Workhost's own code as errors (CI turns it on)" OFF)

function(workhost_set_warnings target)
    target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic)
    if(WORKHOST_WERROR)
        target_compile_options(${target} PRIVATE -Werror)
    endif()
endfunction()
