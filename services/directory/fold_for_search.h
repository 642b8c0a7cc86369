#pragma once
// FoldForSearch: the key of the directory's accent-insensitive name search (ListPeople.name_query), stored
// as person.name_folded. Lower case, diacritics removed, đ → d: "Nguyễn Thị Đào" → "nguyen thi dao".
#include <string>
#include <string_view>

namespace tdkt::directory {

std::string FoldForSearch(std::string_view utf8);

}  // namespace tdkt::directory
