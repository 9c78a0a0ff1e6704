# WORKHOST_SANITIZE takes a comma-separated list for -fsanitize=, such as
# "address,undefined" or "thread". It applies to every target of the build,
# so that the project's code and its tests are instrumented alike.
set(WORKHOST_SANITIZE "" CACHE STRING "Sanitizers to build with (for -fsanitize=)")

if(WORKHOST_SANITIZE)
    # -g1: line tables, all a sanitizer's report needs for its stacks (file:line
    # per frame); full -g made these builds a sixth slower and their objects a
    # third larger, for variables only a debugger shows.
    add_compile_options(-fsanitize=${WORKHOST_SANITIZE} -fno-omit-frame-pointer -g1)
    add_link_options(-fsanitize=${WORKHOST_SANITIZE})
    if(WORKHOST_SANITIZE MATCHES "undefined")
        # Make UBSan findings fatal, so that ctest sees them as failures.
        add_compile_options(-fno-sanitize-recover=undefined)
    endif()
    if(WORKHOST_SANITIZE MATCHES "thread")
        # ThreadSanitizer slows -O0 code down most; its documentation advises -O1.
        # Asserts stay on (Debug defines no NDEBUG).
        add_compile_options($<$<CONFIG:Debug>:-O1>)
        # QProcess's vfork-style clone() breaks ThreadSanitizer's runtime: every
        # executable gets a clone() that turns it into a plain fork (see the file).
        add_library(workhost_tsan_clone OBJECT ${CMAKE_CURRENT_LIST_DIR}/tsanclone.cpp)
        link_libraries("$<$<STREQUAL:$<TARGET_PROPERTY:TYPE>,EXECUTABLE>:workhost_tsan_clone>")
        # .ci/tsan's check that its suppressions hide no race of ours (see the file).
        add_executable(tsan_canary ${CMAKE_CURRENT_LIST_DIR}/tsancanary.cpp)
        target_link_libraries(tsan_canary PRIVATE Qt6::Core)
    endif()
endif()
