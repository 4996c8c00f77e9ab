# Configures and builds the project as `cmake -S SOURCE_DIR -B BINARY_DIR
# -DCMAKE_BUILD_TYPE=Release && cmake --build BINARY_DIR` would, with no preset and no cache
# of options from elsewhere, then checks that the command it built runs.
#   cmake -DSOURCE_DIR=… -DBINARY_DIR=… -P conventional_build.cmake
file(REMOVE ${BINARY_DIR}/CMakeCache.txt)
execute_process(COMMAND ${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${BINARY_DIR} -DCMAKE_BUILD_TYPE=Release
                RESULT_VARIABLE configured)
if(NOT configured EQUAL 0)
  message(FATAL_ERROR "the conventional configure failed (${configured})")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} --build ${BINARY_DIR} --parallel 2 RESULT_VARIABLE built)
if(NOT built EQUAL 0)
  message(FATAL_ERROR "the conventional build failed (${built})")
endif()
execute_process(COMMAND ${BINARY_DIR}/lastmile validate ${SOURCE_DIR}/scenarios/quickstart.yaml
                RESULT_VARIABLE validated)
if(NOT validated EQUAL 0)
  message(FATAL_ERROR "the conventionally built lastmile could not validate the quickstart (${validated})")
endif()
