import { getTranslations } from "next-intl/server";
import { Card, CardBody, CardHeader } from "@/components/ui/card";
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from "@/lib/auth/password-rules";
import { ChangePasswordForm, type ChangePasswordWords } from "./change-password-form";

// The form's words are finished here; the two that depend on a count only the browser learns keep
// their {count} for it to fill (countWords).
const COUNT = { count: "{count}" };

export async function PasswordCard({ email }: { email: string }) {
  const t = await getTranslations("account");
  const words: ChangePasswordWords = {
    current: t("password.current"),
    new: t("password.new"),
    newHint: t("password.newHint", { min: PASSWORD_MIN_LENGTH }),
    repeat: t("password.repeat"),
    submit: t("password.submit"),
    pending: t("password.pending"),
    problems: {
      currentMissing: t("password.problems.currentMissing"),
      wrongPassword: t("password.problems.wrongPassword"),
      password_too_short: t("password.problems.tooShort", { min: PASSWORD_MIN_LENGTH }),
      password_too_long: t("password.problems.tooLong", { max: PASSWORD_MAX_LENGTH }),
      password_is_email: t("password.problems.isEmail"),
      password_unchanged: t("password.problems.unchanged"),
      repeatMissing: t("password.problems.repeatMissing"),
      repeatDiffers: t("password.problems.repeatDiffers"),
    },
    rateLimited: { one: t("password.rateLimited.one"), other: t("password.rateLimited.other", COUNT) },
    changed: { none: t("password.changed.none"), one: t("password.changed.one"), other: t("password.changed.other", COUNT) },
    errors: { network: t("errors.network"), signedOut: t("errors.signedOut"), unavailable: t("errors.unavailable"), failed: t("errors.failed") },
  };
  return (
    <Card>
      <CardHeader title={t("password.title")} description={t("password.description")} />
      <CardBody>
        <ChangePasswordForm email={email} words={words} />
      </CardBody>
    </Card>
  );
}
