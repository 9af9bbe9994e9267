# cqdt_add_module(<name> RANK <n> [DEPS <module>...] [PRIVATE_LIBS <target>...] [PUBLIC_LIBS ...]
#                 [TEST_LIBS <target>...])
#
# Defines the static library cqdt_<name> from the module folder's *.cpp (tests excluded), with
# include/ as its only public include directory. Enforces the layering rule of
# docs/architecture.md: a module may depend only on modules of a strictly lower rank, so a cycle
# cannot be written. *_test.cpp files become one GoogleTest binary, cqdt_<name>_test.
function(cqdt_add_module name)
  cmake_parse_arguments(M "" "RANK" "DEPS;PRIVATE_LIBS;PUBLIC_LIBS;TEST_LIBS" ${ARGN})
  if(NOT DEFINED M_RANK)
    message(FATAL_ERROR "module ${name}: RANK is required")
  endif()
  foreach(dep IN LISTS M_DEPS)
    get_property(dep_rank GLOBAL PROPERTY CQDT_RANK_${dep})
    if("${dep_rank}" STREQUAL "")
      message(FATAL_ERROR "module ${name}: dependency '${dep}' is not defined yet (define lower ranks first)")
    endif()
    if(NOT dep_rank LESS M_RANK)
      message(FATAL_ERROR "module ${name} (rank ${M_RANK}) may not depend on ${dep} (rank ${dep_rank}): "
                          "dependencies must point to a lower rank")
    endif()
  endforeach()
  set_property(GLOBAL PROPERTY CQDT_RANK_${name} ${M_RANK})

  file(GLOB sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*.cpp)
  list(FILTER sources EXCLUDE REGEX ".*_test\\.cpp$")
  file(GLOB tests CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/*_test.cpp)

  add_library(cqdt_${name} STATIC ${sources})
  target_include_directories(cqdt_${name} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
                                          PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
  set(dep_targets "")
  foreach(dep IN LISTS M_DEPS)
    list(APPEND dep_targets cqdt_${dep})
  endforeach()
  target_link_libraries(cqdt_${name} PUBLIC ${dep_targets} ${M_PUBLIC_LIBS} PRIVATE ${M_PRIVATE_LIBS})
  # Boost 1.74's asio/awaitable.hpp uses std::exchange without including <utility> (stack.md):
  # include it first in every source. A forced include rather than a precompiled header, which
  # ccache cannot cache.
  target_compile_options(cqdt_${name} PRIVATE -include utility)

  # testing/: fakes and fixtures that other modules' tests may use, as cqdt_<name>_testing with
  # headers under testing/include/<name>/.
  if(CQDT_BUILD_TESTS AND EXISTS ${CMAKE_CURRENT_SOURCE_DIR}/testing)
    file(GLOB testing_sources CONFIGURE_DEPENDS ${CMAKE_CURRENT_SOURCE_DIR}/testing/*.cpp)
    add_library(cqdt_${name}_testing STATIC ${testing_sources})
    target_include_directories(cqdt_${name}_testing PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/testing/include)
    target_link_libraries(cqdt_${name}_testing PUBLIC cqdt_${name} GTest::gtest
                          PRIVATE ${M_PRIVATE_LIBS})
  endif()

  if(CQDT_BUILD_TESTS AND tests)
    add_executable(cqdt_${name}_test ${tests})
    target_include_directories(cqdt_${name}_test PRIVATE ${CMAKE_CURRENT_SOURCE_DIR})
    target_link_libraries(cqdt_${name}_test PRIVATE cqdt_${name} ${M_PRIVATE_LIBS} ${M_TEST_LIBS}
                          GTest::gtest GTest::gtest_main GTest::gmock)
    target_compile_definitions(cqdt_${name}_test PRIVATE
                               CQDT_TESTDATA_DIR="${CMAKE_CURRENT_SOURCE_DIR}/testdata")
    # Tests read CQDT_TEST_PG (the throwaway PostgreSQL cluster) from ctest's environment.
    gtest_discover_tests(cqdt_${name}_test DISCOVERY_TIMEOUT 60)
  endif()
endfunction()
