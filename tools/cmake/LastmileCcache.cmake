# Use ccache when it is installed and the user has not chosen a launcher already.
find_program(LASTMILE_CCACHE ccache)
if(LASTMILE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
  set(CMAKE_CXX_COMPILER_LAUNCHER "${LASTMILE_CCACHE}")
endif()
