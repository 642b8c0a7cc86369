# Script mode (cmake -P): writes OUT_H and OUT_CC defining FUNCTION() from the SQL_FILES list.
set(body "")
foreach(file ${SQL_FILES})
  get_filename_component(name ${file} NAME)
  file(READ ${file} sql)
  string(APPEND body "      {\"${name}\", R\"tdkt_sql(${sql})tdkt_sql\"},\n")
endforeach()
file(WRITE ${OUT_H} "#pragma once\n// Generated from SQL files by cmake/TdktEmbedSql.cmake; do not edit.\n#include <vector>\n#include \"services/common/migrations.h\"\n\nstd::vector<tdkt::common::Migration> ${FUNCTION}();\n")
file(WRITE ${OUT_CC} "// Generated from SQL files by cmake/TdktEmbedSql.cmake; do not edit.\n#include \"${HEADER}\"\n\nstd::vector<tdkt::common::Migration> ${FUNCTION}() {\n  return {\n${body}  };\n}\n")
