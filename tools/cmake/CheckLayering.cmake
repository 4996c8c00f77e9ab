# Fails when a source of one layer includes a header its layer may not see: another layer's
# header that is not below it (DESIGN.md's data flow), or a library that belongs to another
# layer (models never see YAML, JSON, HDF5 or the command line).
#
# The layers' CMake targets already keep libraries off each other's include paths where they
# can, but yaml-cpp, nlohmann-json, fmt, Boost and GeographicLib install into /usr/include,
# which every target sees. So the build runs this check before compiling the core.
#
# cmake -DSOURCE_DIR=... -DSTAMP=... -P CheckLayering.cmake
cmake_minimum_required(VERSION 3.25)

# What each layer may include: LastMile's own layers, then outside libraries (by the first
# part of the include path, or the header's name for the C libraries).
set(kernel_layers kernel)
set(kernel_libraries "")
set(geo_layers geo kernel)
set(geo_libraries Eigen GeographicLib)
set(scenario_layers scenario geo kernel)
set(scenario_libraries yaml-cpp nlohmann fmt Eigen)
set(output_layers output scenario geo kernel)
set(output_libraries hdf5 libdeflate fmt)
set(model_layers model output scenario geo kernel)
set(model_libraries Eigen boost fmt)
set(econ_layers econ output scenario kernel)
set(econ_libraries fmt)
set(pipeline_layers pipeline model econ output scenario geo kernel)
set(pipeline_libraries fmt)
set(replay_layers replay pipeline model econ output scenario geo kernel)
set(replay_libraries fmt)
set(report_layers report replay pipeline model econ output scenario geo kernel)
set(report_libraries fmt Eigen)
set(sweep_layers sweep pipeline model econ output scenario geo kernel)
set(sweep_libraries fmt boost)
set(layers kernel geo scenario output model econ pipeline replay report sweep)

# Outside libraries, as an include path starts: everything else is the C++ or POSIX library.
set(outside_libraries yaml-cpp nlohmann fmt Eigen GeographicLib boost hdf5 libdeflate CLI mpi
    osmium gdal)
# The C libraries' headers, by name.
set(hdf5_headers "hdf5.h|hdf5_hl.h|H5[A-Za-z]*\\.h")
set(libdeflate_headers "libdeflate.h")
set(mpi_headers "mpi.h")

set(violations "")
foreach(layer IN LISTS layers)
  file(GLOB_RECURSE sources
       "${SOURCE_DIR}/sim/${layer}/*.cpp" "${SOURCE_DIR}/sim/${layer}/*.hpp"
       "${SOURCE_DIR}/include/lastmile/${layer}/*.hpp")
  foreach(source IN LISTS sources)
    # A quoted include names a private header of the same folder; one with a path reaches
    # into another folder's private headers, past the layers' targets.
    file(STRINGS "${source}" quoted REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"]*/[^\"]*\"")
    foreach(line IN LISTS quoted)
      file(RELATIVE_PATH shown "${SOURCE_DIR}" "${source}")
      string(STRIP "${line}" line)
      string(APPEND violations "  ${shown}: ${line} (a private header of another folder)\n")
    endforeach()
    file(STRINGS "${source}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*<[^>]+>")
    foreach(line IN LISTS includes)
      string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*<([^>]+)>.*$" "\\1" header "${line}")
      set(allowed TRUE)
      if(header MATCHES "^lastmile/([a-z_]+)/")
        list(FIND ${layer}_layers "${CMAKE_MATCH_1}" at)
        if(at EQUAL -1)
          set(allowed FALSE)
        endif()
      else()
        set(library "")
        if(header MATCHES "^([A-Za-z0-9_+-]+)/")
          list(FIND outside_libraries "${CMAKE_MATCH_1}" at)
          if(NOT at EQUAL -1)
            set(library "${CMAKE_MATCH_1}")
          endif()
        endif()
        foreach(c_library hdf5 libdeflate mpi)
          if(header MATCHES "^(${${c_library}_headers})$")
            set(library ${c_library})
          endif()
        endforeach()
        if(header MATCHES "^yaml-cpp/")
          set(library yaml-cpp)
        endif()
        if(library AND NOT library IN_LIST ${layer}_libraries)
          set(allowed FALSE)
        endif()
      endif()
      if(NOT allowed)
        file(RELATIVE_PATH shown "${SOURCE_DIR}" "${source}")
        string(APPEND violations "  ${shown}: <${header}> (the ${layer} layer may see: "
               "${${layer}_layers}; ${${layer}_libraries})\n")
      endif()
    endforeach()
  endforeach()
endforeach()

if(violations)
  message(FATAL_ERROR "Includes across the layers (docs/architecture.md):\n${violations}")
endif()
file(WRITE "${STAMP}" "layering checked\n")
