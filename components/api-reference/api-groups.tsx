import { tagAnchor } from "./anchors";
import { OperationView } from "./operation";
import { Prose } from "./prose";
import type { ApiGroup } from "./reference-model";
import type { Components } from "./schema-shape";

// The customer API, the provider API and the admin API, each by tag.

const GROUP_INTROS: Record<ApiGroup["id"], string> = {
  "customer-api": "For customers' scripts (with an API token) and the dashboard's own pages (with the session cookie): `/api/v1`.",
  "provider-api": "For operators: what the host agent on each hypervisor calls, with its host's agent token: `/api/provider/v1`. Not for customers.",
  "admin-api": "For operators: hosts, customers and servers across customers, as `npm run ops` manages them, with an operator's API token: `/api/admin/v1`. Not for customers.",
};

export function ApiGroupView({ group, components }: { group: ApiGroup; components: Components }) {
  return (
    <section className="space-y-8">
      <header className="space-y-2 border-b border-slate-200 pb-3">
        <h2 id={group.id} className="scroll-mt-4 text-2xl font-semibold text-slate-900">
          {group.title}
        </h2>
        <Prose text={GROUP_INTROS[group.id]} />
      </header>
      {group.tags.map((tag) => (
        <section key={tag.name} className="space-y-4">
          <div className="space-y-1">
            <h3 id={tagAnchor(tag.name)} className="scroll-mt-4 text-lg font-semibold text-slate-900">
              {tag.name}
            </h3>
            <Prose text={tag.description} />
          </div>
          {tag.operations.map((operation) => (
            <OperationView key={operation.id} operation={operation} components={components} />
          ))}
        </section>
      ))}
    </section>
  );
}
