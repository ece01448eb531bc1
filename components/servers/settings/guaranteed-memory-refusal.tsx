import { CircleAlert, X } from "lucide";
import { Icon } from "@/components/ui/icon";

/**
 * Why "Disable ballooning" was refused: the server's host cannot guarantee its memory. Shown under the
 * switch, in the words for the API's refusal (what to do included), until dismissed or the switch is
 * used again.
 */
export function GuaranteedMemoryRefusal({ title, message, dismissLabel, onDismiss }: { title: string; message: string; dismissLabel: string; onDismiss: () => void }) {
  return (
    <div role="alert" className="flex gap-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-inset ring-red-600/20">
      <Icon icon={CircleAlert} className="mt-0.5 size-4 shrink-0 text-red-600" />
      <div className="min-w-0 flex-1 break-words">
        <p className="font-medium">{title}</p>
        <p className="mt-1">{message}</p>
      </div>
      <button
        type="button"
        onClick={onDismiss}
        aria-label={dismissLabel}
        className="-mr-1 -mt-0.5 size-6 shrink-0 rounded p-1 text-red-700 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <Icon icon={X} className="size-4" />
      </button>
    </div>
  );
}
