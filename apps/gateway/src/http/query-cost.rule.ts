import {
  getNamedType,
  GraphQLError,
  isObjectType,
  Kind,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type SelectionSetNode,
  type ValidationRule,
} from 'graphql';
import { PAGED_FIELDS } from '../limits.js';

/**
 * The cost of an operation: every selected field counts one (`__typename` too), and whatever a paged
 * list selects counts once per item it may return — the literal page size, the documented maximum
 * when the size is a variable, the default when it is left out.
 */
export function queryCostRule(maxCost: number): ValidationRule {
  return (context) => ({
    OperationDefinition(operation) {
      const fragments = new Map(
        context.getDocument().definitions
          .filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION)
          .map((fragment) => [fragment.name.value, fragment]),
      );
      const schema = context.getSchema();
      const root = schema.getRootType(operation.operation) ?? undefined;

      const costOf = (selectionSet: SelectionSetNode, type: GraphQLNamedType | undefined, depth: number): number => {
        // Fragment cycles are refused by validation anyway; this only keeps the count finite.
        if (depth > 64) return maxCost + 1;
        let cost = 0;
        for (const selection of selectionSet.selections) {
          if (selection.kind === Kind.FIELD) {
            cost += 1;
            if (!selection.selectionSet) continue;
            const field = isObjectType(type) ? type.getFields()[selection.name.value] : undefined;
            const paged = type ? PAGED_FIELDS[`${type.name}.${selection.name.value}`] : undefined;
            let items = 1;
            if (paged) {
              const size = selection.arguments?.find((argument) => argument.name.value === 'first' || argument.name.value === 'last');
              items = !size ? paged.default : size.value.kind === Kind.INT ? Number(size.value.value) : paged.max;
            }
            cost += items * costOf(selection.selectionSet, field ? getNamedType(field.type) : undefined, depth + 1);
          } else if (selection.kind === Kind.INLINE_FRAGMENT) {
            const condition = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : type;
            cost += costOf(selection.selectionSet, condition ?? undefined, depth + 1);
          } else {
            const fragment = fragments.get(selection.name.value);
            if (fragment) cost += costOf(fragment.selectionSet, schema.getType(fragment.typeCondition.name.value) ?? undefined, depth + 1);
          }
          if (cost > maxCost) break;
        }
        return cost;
      };

      const cost = costOf(operation.selectionSet, root, 0);
      if (cost > maxCost) context.reportError(new GraphQLError(`The query costs more than ${maxCost} (every field counts, times the page size of the lists it is in); ask for fewer fields or a smaller page`));
    },
  });
}
