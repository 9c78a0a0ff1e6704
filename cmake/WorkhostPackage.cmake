# The core as a CMake package, for embedders (component Development; the
# product's packages, installer/, ship only the component Application):
#
#     find_package(Workhost 0.1 REQUIRED)
#     target_link_libraries(myapp PRIVATE Workhost::Core)
#     (and Workhost::Control, the control channel, when built: Qt Network)
#
# <prefix>/include/workhost/...       the public headers, folders kept
# <prefix>/lib/libworkhost_core.a     the core (static), plus its resource objects
# <prefix>/lib/cmake/Workhost/        WorkhostConfig.cmake, its version file, the targets
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(WORKHOST_CMAKE_INSTALL_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/Workhost)

set(WORKHOST_PACKAGE_TARGETS workhost_core)
set(WORKHOST_PACKAGE_QT_COMPONENTS Core) # what the installed targets' headers need
if(WORKHOST_BUILD_CONTROL)
    list(APPEND WORKHOST_PACKAGE_TARGETS workhost_control) # lib/libworkhost_control.a
    list(APPEND WORKHOST_PACKAGE_QT_COMPONENTS Network)
endif()
install(TARGETS ${WORKHOST_PACKAGE_TARGETS} ${WORKHOST_CORE_RESOURCE_TARGETS}
    EXPORT WorkhostTargets
    ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR} COMPONENT Development
    # Qt's compiled resources (the default configuration) for a static library.
    OBJECTS DESTINATION ${CMAKE_INSTALL_LIBDIR}/workhost-objects COMPONENT Development
    FILE_SET HEADERS DESTINATION ${CMAKE_INSTALL_INCLUDEDIR} COMPONENT Development)
install(EXPORT WorkhostTargets
    NAMESPACE Workhost::
    DESTINATION ${WORKHOST_CMAKE_INSTALL_DIR}
    COMPONENT Development)

configure_package_config_file(
    ${CMAKE_CURRENT_LIST_DIR}/WorkhostConfig.cmake.in
    ${PROJECT_BINARY_DIR}/WorkhostConfig.cmake
    INSTALL_DESTINATION ${WORKHOST_CMAKE_INSTALL_DIR})
# 0.x: every minor version may change the API, so only the same minor matches
# (SameMinorVersion); from 1.0 on this becomes SameMajorVersion.
write_basic_package_version_file(
    ${PROJECT_BINARY_DIR}/WorkhostConfigVersion.cmake
    COMPATIBILITY SameMinorVersion)
install(FILES
    ${PROJECT_BINARY_DIR}/WorkhostConfig.cmake
    ${PROJECT_BINARY_DIR}/WorkhostConfigVersion.cmake
    DESTINATION ${WORKHOST_CMAKE_INSTALL_DIR}
    COMPONENT Development)
