# The layering check on the tree as it is, then on a copy where a model source includes
# yaml-cpp and the scenario layer's private YAML reader, and a scenario header includes a
# model header: the first must pass, the second must fail and name all three.
# cmake -DSOURCE_DIR=... -DWORK_DIR=... -P layering_check.cmake
cmake_minimum_required(VERSION 3.25)
set(check ${SOURCE_DIR}/tools/cmake/CheckLayering.cmake)
execute_process(COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${SOURCE_DIR} -DSTAMP=${WORK_DIR}/ok.stamp
                        -P ${check}
                RESULT_VARIABLE status ERROR_VARIABLE err)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "the tree fails its own layering check:\n${err}")
endif()

file(REMOVE_RECURSE ${WORK_DIR}/tree)
file(COPY ${SOURCE_DIR}/sim ${SOURCE_DIR}/include DESTINATION ${WORK_DIR}/tree)
file(READ ${WORK_DIR}/tree/sim/model/fleet.cpp fleet)
file(WRITE ${WORK_DIR}/tree/sim/model/fleet.cpp
     "#include <yaml-cpp/yaml.h>\n#include \"../scenario/yaml_reader.hpp\"\n${fleet}")
file(READ ${WORK_DIR}/tree/include/lastmile/scenario/spec.hpp spec)
file(WRITE ${WORK_DIR}/tree/include/lastmile/scenario/spec.hpp
     "#include <lastmile/model/run.hpp>\n${spec}")
execute_process(COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${WORK_DIR}/tree
                        -DSTAMP=${WORK_DIR}/bad.stamp -P ${check}
                RESULT_VARIABLE status ERROR_VARIABLE err)
if(status EQUAL 0)
  message(FATAL_ERROR "a model source including yaml-cpp passed the layering check")
endif()
foreach(expected "sim/model/fleet.cpp: <yaml-cpp/yaml.h>"
                 "sim/model/fleet.cpp: #include \"../scenario/yaml_reader.hpp\""
                 "include/lastmile/scenario/spec.hpp: <lastmile/model/run.hpp>")
  string(FIND "${err}" "${expected}" at)
  if(at EQUAL -1)
    message(FATAL_ERROR "the layering check did not name ${expected}:\n${err}")
  endif()
endforeach()
file(REMOVE_RECURSE ${WORK_DIR}/tree)
