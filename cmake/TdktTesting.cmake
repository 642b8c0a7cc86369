# tdkt_unit_test(NAME SOURCES a.cc b.cc LIBS x y): a pure, fast GoogleTest binary.
# tdkt_integration_test(NAME SOURCES ... LIBS ...): a GoogleTest binary that gets a private PostgreSQL and
# Redis from tests/support (started per test process, stopped at exit). Both register every test case with ctest.
function(tdkt_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  tdkt_warnings(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

function(tdkt_integration_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  tdkt_warnings(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} tdkt_test_support_main)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS integration TIMEOUT 300)
endfunction()
