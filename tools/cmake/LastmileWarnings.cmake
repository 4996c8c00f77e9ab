# Warnings apply to LastMile's own targets only (never to dependencies' headers, which CMake
# includes as SYSTEM through their imported targets).
function(lastmile_target_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wnon-virtual-dtor
                                           -Wcast-align -Wimplicit-fallthrough)
  if(LASTMILE_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
