/**
 * Why "Disable ballooning" was refused: the server's host cannot guarantee its memory. Shown under the
 * switch, in the API's own words (what to do included), until dismissed or the switch is used again.
 */
export function GuaranteedMemoryRefusal({ message, onDismiss }: { message: string; onDismiss: () => void }) {
  return (
    <div role="alert" className="flex gap-3 rounded-lg bg-red-50 px-4 py-3 text-sm text-red-900 ring-1 ring-inset ring-red-600/20">
      <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="mt-0.5 size-4 shrink-0 text-red-600">
        <path
          fillRule="evenodd"
          clipRule="evenodd"
          d="M18 10a8 8 0 1 1-16 0 8 8 0 0 1 16 0Zm-8-5a.75.75 0 0 1 .75.75v4.5a.75.75 0 0 1-1.5 0v-4.5A.75.75 0 0 1 10 5Zm0 10a1 1 0 1 0 0-2 1 1 0 0 0 0 2Z"
        />
      </svg>
      <div className="min-w-0 flex-1">
        <p className="font-medium">Ballooning stays on: guaranteed memory is not available</p>
        <p className="mt-1">{message}</p>
      </div>
      <button
        type="button"
        onClick={onDismiss}
        aria-label="Dismiss"
        className="-mr-1 -mt-0.5 size-6 shrink-0 rounded p-1 text-red-700 hover:bg-red-100 focus-visible:outline-2 focus-visible:outline-indigo-600"
      >
        <svg aria-hidden viewBox="0 0 20 20" fill="currentColor" className="size-4">
          <path d="M6.28 5.22a.75.75 0 0 0-1.06 1.06L8.94 10l-3.72 3.72a.75.75 0 1 0 1.06 1.06L10 11.06l3.72 3.72a.75.75 0 1 0 1.06-1.06L11.06 10l3.72-3.72a.75.75 0 0 0-1.06-1.06L10 8.94 6.28 5.22Z" />
        </svg>
      </button>
    </div>
  );
}
