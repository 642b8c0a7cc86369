# tdkt_unit_test(NAME SOURCES a.cc b.cc LIBS x y): a pure, fast GoogleTest binary.
# tdkt_integration_test(NAME SOURCES ... LIBS ... [TIMEOUT seconds, default 300] [RESOURCE_LOCK L]): a GoogleTest
# binary on real PostgreSQL and Redis (tests/support). Both register every test case with ctest, as a process of its
# own. RESOURCE_LOCK keeps the binary's cases from running at the same time as each other (heavy load tests that
# would starve one another).
#
# Under ctest, integration test cases share one PostgreSQL and one Redis per run: the fixture test
# test_servers_start starts them (tdkt-test-servers, tests/support/test_servers_main.cc) and writes their URLs
# to a state file in TDKT_TEST_SERVERS_DIR, every integration test requires that fixture, and test_servers_stop
# stops them after the last one. A test binary run by hand starts servers of its own.
set(TDKT_TEST_SERVERS_DIR ${PROJECT_BINARY_DIR}/tests/test-servers)

function(tdkt_unit_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  tdkt_warnings(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} GTest::gtest GTest::gmock GTest::gtest_main)
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS unit TIMEOUT 120)
endfunction()

function(tdkt_integration_test name)
  cmake_parse_arguments(ARG "" "TIMEOUT;RESOURCE_LOCK" "SOURCES;LIBS" ${ARGN})
  if(NOT ARG_TIMEOUT)
    set(ARG_TIMEOUT 300)
  endif()
  add_executable(${name} ${ARG_SOURCES})
  tdkt_warnings(${name})
  target_link_libraries(${name} PRIVATE ${ARG_LIBS} tdkt_test_support_main)
  set(lock)
  if(ARG_RESOURCE_LOCK)
    set(lock RESOURCE_LOCK ${ARG_RESOURCE_LOCK})
  endif()
  gtest_discover_tests(${name} DISCOVERY_TIMEOUT 60 PROPERTIES LABELS integration TIMEOUT ${ARG_TIMEOUT}
    FIXTURES_REQUIRED tdkt_test_servers ENVIRONMENT TDKT_TEST_SERVERS_DIR=${TDKT_TEST_SERVERS_DIR} ${lock})
endfunction()

# The two fixture tests around every integration test, run by `program` (the tdkt-test-servers target).
function(tdkt_test_servers_fixture program)
  add_test(NAME test_servers_start COMMAND ${program} start ${TDKT_TEST_SERVERS_DIR})
  set_tests_properties(test_servers_start PROPERTIES FIXTURES_SETUP tdkt_test_servers LABELS integration TIMEOUT 120)
  add_test(NAME test_servers_stop COMMAND ${program} stop ${TDKT_TEST_SERVERS_DIR})
  set_tests_properties(test_servers_stop PROPERTIES FIXTURES_CLEANUP tdkt_test_servers LABELS integration TIMEOUT 120)
endfunction()
