# tst_durability also runs the real executable headless (the SIGTERM case),
# as tests/app does: it needs its path, and the executable built first.
target_compile_definitions(tst_durability PRIVATE WORKHOST_EXECUTABLE="$<TARGET_FILE:workhost>")
add_dependencies(tst_durability workhost)
