# Writes build_info.hpp with the commit the binary is built from. Run at every build
# (not only at configure time), so a rebuild after new commits records the new commit;
# configure_file rewrites the header only when its text changes, so nothing else rebuilds.
# Inputs: SOURCE_DIR, OUTPUT, PROJECT_VERSION, CMAKE_BUILD_TYPE.
execute_process(
  COMMAND git rev-parse --short=12 HEAD
  WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE CLUSTERSIM_GIT_COMMIT
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(
  COMMAND git status --porcelain --untracked-files=no
  WORKING_DIRECTORY ${SOURCE_DIR}
  OUTPUT_VARIABLE CLUSTERSIM_GIT_DIRTY
  OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
if(NOT CLUSTERSIM_GIT_COMMIT)
  set(CLUSTERSIM_GIT_COMMIT "unknown")
elseif(CLUSTERSIM_GIT_DIRTY)
  set(CLUSTERSIM_GIT_COMMIT "${CLUSTERSIM_GIT_COMMIT}-dirty")
endif()
configure_file(${SOURCE_DIR}/sim/build_info.hpp.in ${OUTPUT} @ONLY)
