// How --secret says where a value comes from.
#include <gtest/gtest.h>

#include "clientlib/secret_spec.h"
#include "common/random.h"

namespace trib::cli {
namespace {

TEST(CliSecretSpec, ParsesPromptFileAndStdin) {
  Result<SecretSpec> prompt = ParseSecretSpec("password");
  ASSERT_TRUE(prompt.ok());
  EXPECT_EQ(prompt->path, "password");
  EXPECT_EQ(prompt->source, SecretSource::kPrompt);

  Result<SecretSpec> file = ParseSecretSpec("arguments.ssl.password=@/tmp/p w");
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->path, "arguments.ssl.password");
  EXPECT_EQ(file->source, SecretSource::kFile);
  EXPECT_EQ(file->file, "/tmp/p w");

  Result<SecretSpec> in = ParseSecretSpec("secret_key=-");
  ASSERT_TRUE(in.ok());
  EXPECT_EQ(in->source, SecretSource::kStdin);
}

TEST(CliSecretSpec, ALiteralValueIsRefusedWithoutRepeatingIt) {
  const std::string secret = RandomToken();
  for (const std::string& text :
       std::vector<std::string>{"password=" + secret, "password=@", "password="}) {
    Result<SecretSpec> spec = ParseSecretSpec(text);
    ASSERT_FALSE(spec.ok()) << text;
    EXPECT_EQ(spec.status().field(), "password");
    EXPECT_EQ(spec.status().message().find(secret), std::string::npos);
    EXPECT_NE(spec.status().message().find("password=@FILE"), std::string::npos);
  }
  EXPECT_FALSE(ParseSecretSpec("=@file").ok());
}

TEST(CliSecretSpec, StdinOnceAndEachFieldOnce) {
  auto specs = [](std::vector<std::string> texts) {
    std::vector<SecretSpec> out;
    for (const auto& t : texts) out.push_back(*ParseSecretSpec(t));
    return out;
  };
  EXPECT_TRUE(CheckSecretSpecs(specs({"a=-", "b=@f", "c"})).ok());
  Status twice_stdin = CheckSecretSpecs(specs({"a=-", "b=-"}));
  EXPECT_EQ(twice_stdin.field(), "b");
  EXPECT_NE(twice_stdin.message().find("stdin"), std::string::npos);
  EXPECT_EQ(CheckSecretSpecs(specs({"a", "a=@f"})).field(), "a");
}

TEST(CliSecretSpec, StripsExactlyOneTrailingNewline) {
  std::string a = "s3cr3t\n";
  StripOneTrailingNewline(a);
  EXPECT_EQ(a, "s3cr3t");
  std::string b = "s3cr3t\n\n";
  StripOneTrailingNewline(b);
  EXPECT_EQ(b, "s3cr3t\n");
  std::string c = "s3cr3t\r\n";
  StripOneTrailingNewline(c);
  EXPECT_EQ(c, "s3cr3t");
  std::string d = "-----BEGIN KEY-----\nabc\n-----END KEY-----";
  StripOneTrailingNewline(d);
  EXPECT_EQ(d, "-----BEGIN KEY-----\nabc\n-----END KEY-----");
  std::string e;
  StripOneTrailingNewline(e);
  EXPECT_EQ(e, "");
}

}  // namespace
}  // namespace trib::cli
