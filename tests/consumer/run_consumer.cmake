# library_consumer test: install the build into a scratch prefix, build the consumer
# project against it with find_package(clustersim), run a scenario, expect a number.
# -D BUILD_DIR, SOURCE_DIR (clustersim's), WORK_DIR, GENERATOR, CXX_COMPILER, C_COMPILER, LAUNCHER
file(REMOVE_RECURSE ${WORK_DIR})
set(prefix ${WORK_DIR}/prefix)

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc OUTPUT_VARIABLE out ERROR_VARIABLE err)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "failed (${rc}): ${ARGN}\n${out}\n${err}")
  endif()
  set(out "${out}" PARENT_SCOPE)
endfunction()

run(${CMAKE_COMMAND} --install ${BUILD_DIR} --prefix ${prefix})
run(${CMAKE_COMMAND} -S ${SOURCE_DIR}/tests/consumer -B ${WORK_DIR}/build -G ${GENERATOR}
    -DCMAKE_BUILD_TYPE=Release -DCMAKE_PREFIX_PATH=${prefix}
    -DCMAKE_CXX_COMPILER=${CXX_COMPILER} -DCMAKE_C_COMPILER=${C_COMPILER}
    "-DCMAKE_CXX_COMPILER_LAUNCHER=${LAUNCHER}")
run(${CMAKE_COMMAND} --build ${WORK_DIR}/build)
run(${WORK_DIR}/build/consumer ${SOURCE_DIR}/scenarios/tutorial.toml)
string(STRIP "${out}" out)
if(NOT out MATCHES "^-?[0-9]+(\\.[0-9]+)?(e[-+]?[0-9]+)?$")
  message(FATAL_ERROR "consumer printed '${out}', expected a number")
endif()
message(STATUS "final mean firms_alive: ${out}")
