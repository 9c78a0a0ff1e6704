# WORKHOST_SANITIZE takes a comma-separated list for -fsanitize=, such as
# "address,undefined" or "thread". It applies to every target of the build,
# so that the project's code and its tests are instrumented alike.
set(WORKHOST_SANITIZE "" CACHE STRING "Sanitizers to build with (for -fsanitize=)")

if(WORKHOST_SANITIZE)
    add_compile_options(-fsanitize=${WORKHOST_SANITIZE} -fno-omit-frame-pointer -g)
    add_link_options(-fsanitize=${WORKHOST_SANITIZE})
    if(WORKHOST_SANITIZE MATCHES "undefined")
        # Make UBSan findings fatal, so that ctest sees them as failures.
        add_compile_options(-fno-sanitize-recover=undefined)
    endif()
endif()
