# Floating point that does not depend on the build (docs/determinism.md).
#
# A run's event digest must not change with the compiler, the optimisation level or the
# instruction set. Two build settings would break that, so they are fixed here for every
# target of this project:
#  - contraction of a * b + c into one fused multiply-add, which rounds once instead of twice:
#    GCC contracts by default in GNU modes and Clang within expressions, wherever the target has
#    FMA (-march=native on any recent x86-64 or AArch64), so results would hang on -march;
#  - value-changing optimisations (-ffast-math, -Ofast and their parts): refused outright.
add_compile_options(-ffp-contract=off)

set(lastmile_fp_flag_vars CMAKE_CXX_FLAGS CMAKE_C_FLAGS)
foreach(config IN ITEMS DEBUG RELEASE RELWITHDEBINFO MINSIZEREL ${CMAKE_BUILD_TYPE})
  string(TOUPPER "${config}" config)
  list(APPEND lastmile_fp_flag_vars CMAKE_CXX_FLAGS_${config} CMAKE_C_FLAGS_${config})
endforeach()
foreach(var IN LISTS lastmile_fp_flag_vars)
  if("${${var}}" MATCHES "(^| )(-ffast-math|-Ofast|-funsafe-math-optimizations|-fassociative-math|-freciprocal-math|-ffinite-math-only|-fno-signed-zeros|-ffp-contract=(fast|on)|-ffp-model=fast)( |$)")
    message(FATAL_ERROR "${var} holds '${CMAKE_MATCH_2}', which changes floating-point results "
                        "between builds; LastMile's runs must give the same digest on every build "
                        "(docs/determinism.md). Remove it.")
  endif()
endforeach()
